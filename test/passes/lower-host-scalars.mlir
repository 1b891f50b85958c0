// runmat-lower-host-scalars: runmat ops on host scalars become arith/math with
// MATLAB's element semantics; tensor ops are left to kernel formation.
// RUN: runmat-opt %s -runmat-lower-host-scalars | FileCheck %s

// CHECK-LABEL: func.func @scalars
func.func @scalars(%a: f64, %b: f64, %t: tensor<?x1xf64>) -> (f64, f64, f64, i1, f32, tensor<?x1xf64>) {
  // CHECK: %[[S:.*]] = arith.subf %arg0, %arg1 : f64
  %s = runmat.sub %a, %b : f64, f64 -> f64
  // max ignores NaN: IEEE maxNum.
  // CHECK: %[[M:.*]] = arith.maxnumf %arg0, %arg1 : f64
  %m = runmat.max %a, %b : f64, f64 -> f64
  // mod(a, b) = a - floor(a/b)*b, with mod(a, 0) = a.
  // CHECK: %[[Q:.*]] = arith.divf %arg0, %arg1
  // CHECK: %[[F:.*]] = math.floor %[[Q]]
  // CHECK: %[[P:.*]] = arith.mulf %[[F]], %arg1
  // CHECK: %[[R:.*]] = arith.subf %arg0, %[[P]]
  // CHECK: %[[Z:.*]] = arith.cmpf oeq, %arg1
  // CHECK: %[[MOD:.*]] = arith.select %[[Z]], %arg0, %[[R]]
  %r = runmat.mod %a, %b : f64, f64 -> f64
  // NaN ~= NaN is true: an unordered comparison.
  // CHECK: %[[NE:.*]] = arith.cmpf une, %arg0, %arg1 : f64
  %ne = runmat.cmp ne, %a, %b : f64, f64 -> i1
  // CHECK: %[[C:.*]] = arith.truncf %arg0 : f64 to f32
  %c = runmat.convert %a : f64 -> f32
  // CHECK: runmat.add %arg2, %arg0
  %u = runmat.add %t, %a : tensor<?x1xf64>, f64 -> tensor<?x1xf64>
  // CHECK: return %[[S]], %[[M]], %[[MOD]], %[[NE]], %[[C]]
  return %s, %m, %r, %ne, %c, %u : f64, f64, f64, i1, f32, tensor<?x1xf64>
}

// A single draw on the host (rand()) becomes Philox arithmetic in place.
// CHECK-LABEL: func.func @host_draw
// CHECK-NOT: runmat.random
// CHECK: arith.muli
// CHECK: return
func.func @host_draw(%seed: i64, %stream: i64) -> f64 {
  %c0 = arith.constant 0 : i64
  %r = runmat.random uniform %seed, %stream, %c0 : f64
  return %r : f64
}
