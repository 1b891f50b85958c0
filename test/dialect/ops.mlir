// Round trip of every runmat op: parse, print, parse again.
// RUN: runmat-opt %s | runmat-opt | FileCheck %s

// CHECK-LABEL: func.func @sizes
func.func @sizes(%n: f64, %a: f64, %s: f64, %b: f64) -> (index, index) {
  // CHECK: runmat.to_index %{{.*}} {what = "parameter n"} : f64
  %i = runmat.to_index %n {what = "parameter n"} : f64
  // CHECK: runmat.to_index %{{.*}} {allow_negative, what = "a step"} : f64
  %j = runmat.to_index %s {allow_negative, what = "a step"} : f64
  // CHECK: runmat.range_count %{{.*}}, %{{.*}}, %{{.*}} : f64
  %c = runmat.range_count %a, %s, %b : f64
  return %i, %c : index, index
}

// CHECK-LABEL: func.func @creation
func.func @creation(%m: index, %seed: i64, %stream: i64, %x: f32, %y: f64) {
  // CHECK: runmat.fill %{{.*}}(%{{.*}}) : f32 -> tensor<?x1xf32>
  %f = runmat.fill %x(%m) : f32 -> tensor<?x1xf32>
  // CHECK: runmat.fill %{{.*}} : f32 -> tensor<2x3xf32>
  %g = runmat.fill %x : f32 -> tensor<2x3xf32>
  // CHECK: runmat.rand uniform %{{.*}}, %{{.*}}(%{{.*}}, %{{.*}}) : tensor<?x?xf64>
  %r = runmat.rand uniform %seed, %stream(%m, %m) : tensor<?x?xf64>
  // CHECK: runmat.rand normal %{{.*}}, %{{.*}}(%{{.*}}) : tensor<?x1xf32>
  %n = runmat.rand normal %seed, %stream(%m) : tensor<?x1xf32>
  // CHECK: runmat.colon %{{.*}}, %{{.*}}, %{{.*}} : f64 -> tensor<1x?xf64>
  %c = runmat.colon %y, %y, %m : f64 -> tensor<1x?xf64>
  // CHECK: runmat.linspace %{{.*}}, %{{.*}}, %{{.*}} : f64 -> tensor<1x?xf64>
  %l = runmat.linspace %y, %y, %m : f64 -> tensor<1x?xf64>
  return
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<?x?xf32>, %r: tensor<1x?xf32>, %s: f32, %p: tensor<?x?xi1>, %q: i1) {
  // CHECK: runmat.add %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  %0 = runmat.add %a, %r : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.sub
  %1 = runmat.sub %a, %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  // CHECK: runmat.mul
  %2 = runmat.mul %s, %a : f32, tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.div
  %3 = runmat.div %a, %a : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.pow
  %4 = runmat.pow %a, %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  // CHECK: runmat.max
  %5 = runmat.max %a, %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  // CHECK: runmat.min
  %6 = runmat.min %a, %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  // CHECK: runmat.mod
  %7 = runmat.mod %a, %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  // CHECK: runmat.and
  %8 = runmat.and %p, %q : tensor<?x?xi1>, i1 -> tensor<?x?xi1>
  // CHECK: runmat.or
  %9 = runmat.or %p, %p : tensor<?x?xi1>, tensor<?x?xi1> -> tensor<?x?xi1>
  // CHECK: runmat.cmp ge, %{{.*}}, %{{.*}} : tensor<?x?xf32>, f32 -> tensor<?x?xi1>
  %10 = runmat.cmp ge, %a, %s : tensor<?x?xf32>, f32 -> tensor<?x?xi1>
  // CHECK: runmat.not %{{.*}} : tensor<?x?xi1> -> tensor<?x?xi1>
  %11 = runmat.not %p : tensor<?x?xi1> -> tensor<?x?xi1>
  // CHECK: runmat.neg
  %12 = runmat.neg %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.sqrt
  %13 = runmat.sqrt %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.exp
  %14 = runmat.exp %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.log
  %15 = runmat.log %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.abs
  %16 = runmat.abs %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.sin
  %17 = runmat.sin %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.cos
  %18 = runmat.cos %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.tan
  %19 = runmat.tan %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.tanh
  %20 = runmat.tanh %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.floor
  %21 = runmat.floor %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.ceil
  %22 = runmat.ceil %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.round
  %23 = runmat.round %a : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.sign
  %24 = runmat.sign %s : f32 -> f32
  // CHECK: runmat.convert %{{.*}} : tensor<?x?xf32> -> tensor<?x?xf64>
  %25 = runmat.convert %a : tensor<?x?xf32> -> tensor<?x?xf64>
  return
}

// CHECK-LABEL: func.func @algebra
func.func @algebra(%a: tensor<?x?xf32>, %b: tensor<4x3xf64>) {
  // CHECK: runmat.reduce mean %{{.*}} dims [1] : tensor<?x?xf32> -> tensor<1x?xf32>
  %0 = runmat.reduce mean %a dims [1] : tensor<?x?xf32> -> tensor<1x?xf32>
  // CHECK: runmat.reduce sum %{{.*}} dims [1, 2] : tensor<4x3xf64> -> tensor<1x1xf64>
  %1 = runmat.reduce sum %b dims [1, 2] : tensor<4x3xf64> -> tensor<1x1xf64>
  // CHECK: runmat.reduce prod
  %2 = runmat.reduce prod %b dims [2] : tensor<4x3xf64> -> tensor<4x1xf64>
  // CHECK: runmat.reduce max
  %3 = runmat.reduce max %b dims [2] : tensor<4x3xf64> -> tensor<4x1xf64>
  // CHECK: runmat.reduce min
  %4 = runmat.reduce min %b dims [1] : tensor<4x3xf64> -> tensor<1x3xf64>
  // CHECK: runmat.matmul %{{.*}}, %{{.*}} {transpose_lhs} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %5 = runmat.matmul %a, %a {transpose_lhs} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.transpose %{{.*}} : tensor<4x3xf64> -> tensor<3x4xf64>
  %6 = runmat.transpose %b : tensor<4x3xf64> -> tensor<3x4xf64>
  // CHECK: runmat.qr_econ %{{.*}} : tensor<4x3xf64> -> tensor<4x3xf64>, tensor<3x3xf64>
  %q, %r = runmat.qr_econ %b : tensor<4x3xf64> -> tensor<4x3xf64>, tensor<3x3xf64>
  // CHECK: runmat.diag_extract %{{.*}} : tensor<4x3xf64> -> tensor<3x1xf64>
  %7 = runmat.diag_extract %b : tensor<4x3xf64> -> tensor<3x1xf64>
  // CHECK: runmat.diag_matrix %{{.*}} : tensor<3x1xf64> -> tensor<3x3xf64>
  %8 = runmat.diag_matrix %7 : tensor<3x1xf64> -> tensor<3x3xf64>
  return
}

// CHECK-LABEL: func.func @movement
func.func @movement(%a: tensor<?x?xf32>, %i: index, %n: index, %s: f32) {
  // CHECK: runmat.reshape %{{.*}}(%{{.*}}) : tensor<?x?xf32> -> tensor<?x1xf32>
  %0 = runmat.reshape %a(%n) : tensor<?x?xf32> -> tensor<?x1xf32>
  // CHECK: runmat.slice %{{.*}}[%{{.*}}, %{{.*}}] [%{{.*}}, %{{.*}}] [%{{.*}}, %{{.*}}] : tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = runmat.slice %a[%i, %i] [%n, %n] [%i, %i] : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.concat dim 2 %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %2 = runmat.concat dim 2 %a, %a : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: runmat.update %{{.*}}[%{{.*}}, %{{.*}}] [%{{.*}}, %{{.*}}] [%{{.*}}, %{{.*}}] = %{{.*}} : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  %u = runmat.update %a[%i, %i] [%n, %n] [%i, %i] = %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  // CHECK: runmat.update %{{.*}} = %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %u2 = runmat.update %u[%i, %i] [%n, %n] [%i, %i] = %a : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %mask = runmat.cmp gt, %a, %s : tensor<?x?xf32>, f32 -> tensor<?x?xi1>
  // CHECK: runmat.find %{{.*}}, %{{.*}} : tensor<?x?xi1> -> tensor<?x1xf64>
  %at = runmat.find %mask, %n : tensor<?x?xi1> -> tensor<?x1xf64>
  // CHECK: runmat.take %{{.*}}[%{{.*}}] : tensor<?x?xf32>, tensor<?x1xf64> -> tensor<?x1xf32>
  %g = runmat.take %a[%at] : tensor<?x?xf32>, tensor<?x1xf64> -> tensor<?x1xf32>
  // CHECK: runmat.put %{{.*}}[%{{.*}}] = %{{.*}} : tensor<?x?xf32>, tensor<?x1xf64>, f32 -> tensor<?x?xf32>
  %p = runmat.put %a[%at] = %s : tensor<?x?xf32>, tensor<?x1xf64>, f32 -> tensor<?x?xf32>
  %one = runmat.slice %a[%i, %i] [%n, %n] [%i, %i] : tensor<?x?xf32> -> tensor<1x1xf32>
  // CHECK: runmat.to_scalar %{{.*}} : tensor<1x1xf32> -> f32
  %3 = runmat.to_scalar %one : tensor<1x1xf32> -> f32
  // CHECK: runmat.to_device %{{.*}} : tensor<?x?xf32>
  %4 = runmat.to_device %a : tensor<?x?xf32>
  // CHECK: runmat.to_host %{{.*}} : tensor<?x?xf32>
  %5 = runmat.to_host %4 : tensor<?x?xf32>
  return
}

// CHECK-LABEL: func.func @effects
func.func @effects(%c: i1, %x: tensor<1x1xf64>, %s: f32) {
  // CHECK: runmat.check %{{.*}}, "must hold"
  runmat.check %c, "must hold"
  // CHECK: runmat.print "x = %g\\n"(%{{.*}}, %{{.*}} : tensor<1x1xf64>, f32)
  runmat.print "x = %g\\n"(%x, %s : tensor<1x1xf64>, f32)
  // CHECK: runmat.print "hello"
  runmat.print "hello"
  // CHECK: runmat.display %{{.*}} {name = "x"} : tensor<1x1xf64>
  runmat.display %x {name = "x"} : tensor<1x1xf64>
  // CHECK: runmat.display %{{.*}} : f32
  runmat.display %s : f32
  // CHECK: runmat.display %{{.*}} {integer_class = "int16", name = "k"} : tensor<1x1xf64>
  runmat.display %x {name = "k", integer_class = "int16"} : tensor<1x1xf64>
  return
}

// CHECK-LABEL: func.func @library_calls
func.func @library_calls(%x: tensor<?x1xf64>, %a: tensor<3x3xf64>) -> (tensor<?x1xf64>, tensor<?x1xf64>, tensor<1x1xf64>) {
  // CHECK: runmat.library_call "sort"(%{{.*}}) {options = array<i64: 1, 0>} : (tensor<?x1xf64>) -> (tensor<?x1xf64>, tensor<?x1xf64>)
  %s, %i = runmat.library_call "sort"(%x) {options = array<i64: 1, 0>} : (tensor<?x1xf64>) -> (tensor<?x1xf64>, tensor<?x1xf64>)
  // CHECK: runmat.library_call "det"(%{{.*}}) : (tensor<3x3xf64>) -> tensor<1x1xf64>
  %d = runmat.library_call "det"(%a) : (tensor<3x3xf64>) -> tensor<1x1xf64>
  return %s, %i, %d : tensor<?x1xf64>, tensor<?x1xf64>, tensor<1x1xf64>
}

// A parameter the shim sets: a question asked of an environment variable's
// text, and whether the caller bound another parameter.
// CHECK-LABEL: func.func @param_sources
// CHECK-SAME: runmat.source = #runmat.param_source<from = "env", var = "MC_M", transforms = ["lower", "strtrim"], has_fallback = true, fallback = "xs", query = "equals", literal = "small">
// CHECK-SAME: runmat.source = #runmat.param_source<from = "given", var = "M"
func.func @param_sources(%m: f64 {runmat.param = "M", runmat.default = 0x7FF8000000000000 : f64},
    %e: f64 {runmat.param = "__env1", runmat.default = 0.0 : f64, runmat.source = #runmat.param_source<from = "env", var = "MC_M", transforms = ["lower", "strtrim"], has_fallback = true, fallback = "xs", query = "equals", literal = "small">},
    %g: f64 {runmat.param = "__given_M", runmat.default = 0.0 : f64, runmat.source = #runmat.param_source<from = "given", var = "M", transforms = [], has_fallback = false, fallback = "", query = "", literal = "">}) {
  return
}
