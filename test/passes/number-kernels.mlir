// runmat-number-kernels: every kernel gets a kernel_id once; ids already
// given are kept and new ones follow the highest; two kernels with one id
// are refused.
// RUN: runmat-opt %s -split-input-file -verify-diagnostics -runmat-number-kernels | FileCheck %s

// CHECK-LABEL: func.func @fresh
// CHECK: runmat.kernel {{.*}}kernel_id = 0 : i64
// CHECK: runmat.kernel {{.*}}kernel_id = 1 : i64
func.func @fresh(%a: tensor<?xf32>, %n: index) -> (tensor<?xf32>) {
  %b = runmat.kernel space(%n) ins(%a : tensor<?xf32>) maps [[0]] -> (tensor<?xf32>) {
  ^bb0(%i: index, %e: index, %x: f32):
    %y = arith.mulf %x, %x : f32
    runmat.yield %y : f32
  }
  %c = runmat.kernel space(%n) ins(%b : tensor<?xf32>) maps [[0]] -> (tensor<?xf32>) {
  ^bb0(%i: index, %e: index, %x: f32):
    %y = arith.addf %x, %x : f32
    runmat.yield %y : f32
  }
  return %c : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @kept
// CHECK: runmat.kernel {{.*}}kernel_id = 8 : i64
// CHECK: runmat.kernel {{.*}}kernel_id = 7 : i64
// CHECK: runmat.kernel {{.*}}kernel_id = 9 : i64
func.func @kept(%a: tensor<?xf32>, %n: index) -> (tensor<?xf32>) {
  %b = runmat.kernel space(%n) ins(%a : tensor<?xf32>) maps [[0]] {kernel_id = 8 : i64} -> (tensor<?xf32>) {
  ^bb0(%i: index, %e: index, %x: f32):
    runmat.yield %x : f32
  }
  %c = runmat.kernel space(%n) ins(%b : tensor<?xf32>) maps [[0]] {kernel_id = 7 : i64} -> (tensor<?xf32>) {
  ^bb0(%i: index, %e: index, %x: f32):
    runmat.yield %x : f32
  }
  %d = runmat.kernel space(%n) ins(%c : tensor<?xf32>) maps [[0]] -> (tensor<?xf32>) {
  ^bb0(%i: index, %e: index, %x: f32):
    runmat.yield %x : f32
  }
  return %d : tensor<?xf32>
}

// -----

func.func @twice(%a: tensor<?xf32>, %n: index) -> (tensor<?xf32>) {
  %b = runmat.kernel space(%n) ins(%a : tensor<?xf32>) maps [[0]] {kernel_id = 3 : i64} -> (tensor<?xf32>) {
  ^bb0(%i: index, %e: index, %x: f32):
    runmat.yield %x : f32
  }
  // expected-error @+1 {{has kernel_id 3, which another kernel has}}
  %c = runmat.kernel space(%n) ins(%b : tensor<?xf32>) maps [[0]] {kernel_id = 3 : i64} -> (tensor<?xf32>) {
  ^bb0(%i: index, %e: index, %x: f32):
    runmat.yield %x : f32
  }
  return %c : tensor<?xf32>
}
