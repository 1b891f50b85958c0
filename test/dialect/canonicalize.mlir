// Folders and canonicalization patterns of the runmat dialect.
// RUN: runmat-opt %s -canonicalize -split-input-file | FileCheck %s

// A transposed operand is read transposed by the product, not materialised.
// CHECK-LABEL: func.func @transpose_into_matmul
// CHECK-NOT: runmat.transpose
// CHECK: runmat.matmul %arg0, %arg0 {transpose_lhs}
// CHECK: runmat.matmul %arg0, %arg0 {transpose_rhs}
func.func @transpose_into_matmul(%a: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %t = runmat.transpose %a : tensor<?x?xf32> -> tensor<?x?xf32>
  %g = runmat.matmul %t, %a : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %h = runmat.matmul %a, %t : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %g, %h : tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// A transposed-transposed operand cancels out again.
// CHECK-LABEL: func.func @double_transpose_flags
// CHECK: runmat.matmul %arg0, %arg1 : tensor
func.func @double_transpose_flags(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %t = runmat.transpose %a : tensor<?x?xf32> -> tensor<?x?xf32>
  %g = runmat.matmul %t, %b {transpose_lhs} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_twice
// CHECK-NEXT: return %arg0
func.func @transpose_twice(%a: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %t = runmat.transpose %a : tensor<2x3xf64> -> tensor<3x2xf64>
  %u = runmat.transpose %t : tensor<3x2xf64> -> tensor<2x3xf64>
  return %u : tensor<2x3xf64>
}

// -----

// CHECK-LABEL: func.func @convert_same_type
// CHECK-NEXT: return %arg0
func.func @convert_same_type(%a: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c = runmat.convert %a : tensor<?x?xf32> -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}

// -----

// Reducing extents of 1 changes nothing.
// CHECK-LABEL: func.func @reduce_unit
// CHECK-NEXT: return %arg0
func.func @reduce_unit(%a: tensor<1x5xf32>) -> tensor<1x5xf32> {
  %r = runmat.reduce sum %a dims [1] : tensor<1x5xf32> -> tensor<1x5xf32>
  return %r : tensor<1x5xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_kept
// CHECK: runmat.reduce sum
func.func @reduce_kept(%a: tensor<?x5xf32>) -> tensor<1x5xf32> {
  %r = runmat.reduce sum %a dims [1] : tensor<?x5xf32> -> tensor<1x5xf32>
  return %r : tensor<1x5xf32>
}

// -----

// Constant sizes need no run-time check; invalid ones keep theirs.
// CHECK-LABEL: func.func @to_index_constant
// CHECK-DAG: %[[C7:.*]] = arith.constant 7 : index
// CHECK-DAG: %[[CM2:.*]] = arith.constant -2 : index
// CHECK-DAG: runmat.to_index %{{.*}} {what = "negative"} : f64
// CHECK-DAG: runmat.to_index %{{.*}} {what = "fraction"} : f64
// CHECK: return %[[C7]], %[[CM2]]
func.func @to_index_constant() -> (index, index, index, index) {
  %a = arith.constant 7.0 : f64
  %b = arith.constant -2.0 : f64
  %c = arith.constant 2.5 : f64
  %i = runmat.to_index %a {what = "seven"} : f64
  %j = runmat.to_index %b {allow_negative, what = "step"} : f64
  %k = runmat.to_index %b {what = "negative"} : f64
  %l = runmat.to_index %c {what = "fraction"} : f64
  return %i, %j, %k, %l : index, index, index, index
}

// -----

// MATLAB's colon count, with its tolerance for floating-point steps.
// CHECK-LABEL: func.func @range_count_constant
// CHECK-DAG: arith.constant 11 : index
// CHECK-DAG: arith.constant 0 : index
// CHECK-DAG: arith.constant 3 : index
func.func @range_count_constant() -> (index, index, index) {
  %z = arith.constant 0.0 : f64
  %p1 = arith.constant 0.1 : f64
  %one = arith.constant 1.0 : f64
  %m1 = arith.constant -1.0 : f64
  %three = arith.constant 3.0 : f64
  %a = runmat.range_count %z, %p1, %one : f64
  %b = runmat.range_count %one, %one, %z : f64
  %c = runmat.range_count %three, %m1, %one : f64
  return %a, %b, %c : index, index, index
}

// -----

// CHECK-LABEL: func.func @to_scalar_of_from_elements
// CHECK-NEXT: return %arg0
func.func @to_scalar_of_from_elements(%s: f32) -> f32 {
  %t = tensor.from_elements %s : tensor<1x1xf32>
  %v = runmat.to_scalar %t : tensor<1x1xf32> -> f32
  return %v : f32
}

// -----

// Constant host scalars convert at compile time (single rounds; logical is ~= 0).
// CHECK-LABEL: func.func @convert_constants
// CHECK-DAG: arith.constant 1.000000e-01 : f32
// CHECK-DAG: arith.constant true
// CHECK-DAG: arith.constant 1.000000e+00 : f64
// CHECK-NOT: runmat.convert
func.func @convert_constants() -> (f32, i1, f64) {
  %a = arith.constant 0.1 : f64
  %t = arith.constant true
  %s = runmat.convert %a : f64 -> f32
  %l = runmat.convert %a : f64 -> i1
  %d = runmat.convert %t : i1 -> f64
  return %s, %l, %d : f32, i1, f64
}

// -----

// A check whose condition is known to hold is dropped; others stay.
// CHECK-LABEL: func.func @check_constant
// CHECK-NOT: "always"
// CHECK: runmat.check %arg0, "maybe"
func.func @check_constant(%c: i1) {
  %t = arith.constant true
  runmat.check %t, "always"
  runmat.check %c, "maybe"
  return
}

// -----

// The extent of gpuArray(x) or gather(x) is x's: kernels reading x and its
// hinted copy see one iteration space.
// CHECK-LABEL: func.func @dim_through_hints
// CHECK: %[[A:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[B:.*]] = tensor.dim %arg0, %c0
// CHECK: return %[[A]], %[[B]]
func.func @dim_through_hints(%x: tensor<?x4xf32>) -> (index, index) {
  %c0 = arith.constant 0 : index
  %d = runmat.to_device %x : tensor<?x4xf32>
  %h = runmat.to_host %x : tensor<?x4xf32>
  %a = tensor.dim %d, %c0 : tensor<?x4xf32>
  %b = tensor.dim %h, %c0 : tensor<?x4xf32>
  return %a, %b : index, index
}

// -----

// double(gather(x)) converts before the download.
// CHECK-LABEL: func.func @convert_before_gather
// CHECK: %[[C:.*]] = runmat.convert %arg0 : tensor<1x1xf32> -> tensor<1x1xf64>
// CHECK: %[[H:.*]] = runmat.to_host %[[C]] : tensor<1x1xf64>
// CHECK: return %[[H]]
func.func @convert_before_gather(%x: tensor<1x1xf32>) -> tensor<1x1xf64> {
  %h = runmat.to_host %x : tensor<1x1xf32>
  %c = runmat.convert %h : tensor<1x1xf32> -> tensor<1x1xf64>
  return %c : tensor<1x1xf64>
}
