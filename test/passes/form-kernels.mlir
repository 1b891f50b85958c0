// runmat-form-kernels: each tensor op becomes one kernel with a scalar body.
// RUN: runmat-opt %s -runmat-form-kernels -canonicalize -cse -split-input-file | FileCheck %s

// Implicit expansion: the row follows the same iteration space; a scalar
// operand is passed by value.
// CHECK-LABEL: func.func @expand
// CHECK: %[[M:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[N0:.*]] = tensor.dim %arg0, %c1
// CHECK: %[[N1:.*]] = tensor.dim %arg1, %c1
// CHECK: %[[N0ONE:.*]] = arith.cmpi eq, %[[N0]], %c1
// CHECK: %[[N:.*]] = arith.select %[[N0ONE]], %[[N1]], %[[N0]] : index
// CHECK: runmat.check %{{.*}}, "the operands of runmat.sub {{.*}}do not expand to a common size along dimension 2"
// CHECK-NOT: runmat.check
// CHECK: runmat.kernel label "runmat.sub{{.*}}" space(%[[M]], %[[N]]) ins(%arg0, %arg1 : tensor<?x?xf32>, tensor<1x?xf32>) maps {{\[}}[0, 1], [0, 1]] -> (tensor<?x?xf32>) {
// CHECK-NEXT: ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:.*]]: f32, %[[Y:.*]]: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[X]], %[[Y]] : f32
// CHECK-NEXT: runmat.yield %[[D]] : f32
// CHECK: runmat.kernel {{.*}} scalars(%arg2 : f32)
// CHECK: arith.mulf
func.func @expand(%a: tensor<?x?xf32>, %mu: tensor<1x?xf32>, %s: f32) -> tensor<?x?xf32> {
  %c = runmat.sub %a, %mu : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  %d = runmat.mul %c, %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  return %d : tensor<?x?xf32>
}

// -----

// Two dynamic extents that must expand to each other are checked at run time.
// CHECK-LABEL: func.func @checked_expansion
// CHECK: runmat.check %{{.*}}, "the operands of runmat.add {{.*}}do not expand to a common size along dimension 1"
// CHECK: runmat.kernel
func.func @checked_expansion(%a: tensor<?x1xf64>, %b: tensor<?x1xf64>) -> tensor<?x1xf64> {
  %c = runmat.add %a, %b : tensor<?x1xf64>, tensor<?x1xf64> -> tensor<?x1xf64>
  return %c : tensor<?x1xf64>
}

// -----

// mean is a sum over the reduced dimension, divided by the count in the epilogue.
// CHECK-LABEL: func.func @mean
// CHECK: runmat.kernel {{.*}} maps {{\[}}[0, 1]] reduce [0] combiners [sum] -> (tensor<1x?xf32>) {
// CHECK: runmat.yield %{{.*}} : f32
// CHECK: } epilogue {
// CHECK-NEXT: ^bb0(%[[ACC:.*]]: f32, %[[E0:.*]]: index, %{{.*}}: index):
// The count is the reduced extent.
// CHECK: %[[C64:.*]] = arith.index_cast %[[E0]] : index to i64
// CHECK: %[[CF:.*]] = arith.uitofp %[[C64]] : i64 to f32
// CHECK: arith.divf %[[ACC]], %[[CF]]
func.func @mean(%a: tensor<?x?xf32>) -> tensor<1x?xf32> {
  %m = runmat.reduce mean %a dims [1] : tensor<?x?xf32> -> tensor<1x?xf32>
  return %m : tensor<1x?xf32>
}

// -----

// A random draw computes each element from its column-major index.
// CHECK-LABEL: func.func @draw
// CHECK: runmat.kernel {{.*}} space(%arg2, %arg3) scalars(%arg0, %arg1 : i64, i64) -> (tensor<?x?xf32>) {
// CHECK-NEXT: ^bb0(%[[I:.*]]: index, %[[J:.*]]: index, %[[EI:.*]]: index, %{{.*}}: index, %[[SEED:.*]]: i64, %[[STREAM:.*]]: i64):
// CHECK: %[[JS:.*]] = arith.muli %[[J]], %[[EI]] : index
// CHECK: %[[L:.*]] = arith.addi %[[I]], %[[JS]] : index
// CHECK: %[[L64:.*]] = arith.index_cast %[[L]] : index to i64
// CHECK: runmat.random normal %[[SEED]], %[[STREAM]], %[[L64]] : f32
func.func @draw(%seed: i64, %stream: i64, %m: index, %n: index) -> tensor<?x?xf32> {
  %r = runmat.rand normal %seed, %stream(%m, %n) : tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// diag of a matrix is a strided view: min(m, n) elements, m + 1 apart.
// CHECK-LABEL: func.func @diag_view
// CHECK: %[[FLAT:.*]] = runmat.reshape %arg0(%{{.*}}) : tensor<?x?xf64> -> tensor<?x1xf64>
// CHECK: %[[K:.*]] = arith.minui
// CHECK: %[[STEP:.*]] = arith.addi %{{.*}}, %c1
// CHECK: runmat.slice %[[FLAT]][%c0, %c0] [%[[K]], %c1] [%[[STEP]], %c1] : tensor<?x1xf64> -> tensor<?x1xf64>
// CHECK-NOT: runmat.kernel
func.func @diag_view(%a: tensor<?x?xf64>) -> tensor<?x1xf64> {
  %d = runmat.diag_extract %a : tensor<?x?xf64> -> tensor<?x1xf64>
  return %d : tensor<?x1xf64>
}

// -----

// Library ops and views stay; host scalars are not kernels.
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: runmat.kernel
// CHECK: runmat.matmul
// CHECK: runmat.transpose
func.func @untouched(%a: tensor<?x?xf32>, %x: f64, %y: f64) -> (tensor<?x?xf32>, tensor<?x?xf32>, f64) {
  %p = runmat.matmul %a, %a {transpose_lhs} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %t = runmat.transpose %a : tensor<?x?xf32> -> tensor<?x?xf32>
  %s = runmat.add %x, %y : f64, f64 -> f64
  return %p, %t, %s : tensor<?x?xf32>, tensor<?x?xf32>, f64
}

// -----

// A range reshaped to lie along another dimension (an index field) is formed
// in the reshaped shape: no range kernel, no reshape; its element follows
// the index along that dimension. The range's length is checked against
// the extent the reshape gives it.
// CHECK-LABEL: func.func @range_along_dim3
// CHECK-NOT: runmat.reshape
// CHECK: %[[SAME:.*]] = arith.cmpi eq, %arg1, %arg0 : index
// CHECK: runmat.check %[[SAME]], "reshape of a range of the wrong length
// CHECK: runmat.kernel label "runmat.colon{{.*}}" space(%c1, %c1, %arg1) scalars(%arg2, %arg3 : f64, f64) -> (tensor<1x1x?xf64>) {
// CHECK-NEXT: ^bb0(%{{.*}}: index, %{{.*}}: index, %[[K:.*]]: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[START:.*]]: f64, %[[STEP:.*]]: f64):
// CHECK: arith.index_cast %[[K]]
// CHECK: arith.mulf %{{.*}}, %[[STEP]]
// CHECK: arith.addf %[[START]]
// CHECK-NOT: runmat.reshape
func.func @range_along_dim3(%n: index, %w: index, %start: f64, %step: f64) -> tensor<1x1x?xf64> {
  %r = runmat.colon %start, %step, %n : f64 -> tensor<1x?xf64>
  %f = runmat.reshape %r(%w) : tensor<1x?xf64> -> tensor<1x1x?xf64>
  return %f : tensor<1x1x?xf64>
}

// -----

// One range feeding two reshapes (0:d-1 as a row and as a column): each is
// formed in its own shape, and the range itself disappears.
// CHECK-LABEL: func.func @range_two_reshapes
// CHECK-NOT: runmat.colon
// CHECK: runmat.kernel label "runmat.colon{{.*}}" space(%arg0, %c1) {{.*}} -> (tensor<?x1xf64>)
// CHECK: runmat.kernel label "runmat.colon{{.*}}" space(%c1, %arg0) {{.*}} -> (tensor<1x?xf64>)
// CHECK-NOT: runmat.reshape
func.func @range_two_reshapes(%n: index, %start: f64, %step: f64) -> (tensor<?x1xf64>, tensor<1x?xf64>) {
  %r = runmat.colon %start, %step, %n : f64 -> tensor<1x?xf64>
  %col = runmat.reshape %r(%n) : tensor<1x?xf64> -> tensor<?x1xf64>
  %row = runmat.reshape %r(%n) : tensor<1x?xf64> -> tensor<1x?xf64>
  return %col, %row : tensor<?x1xf64>, tensor<1x?xf64>
}
