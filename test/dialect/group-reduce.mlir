// runmat.group_reduce: where it may appear, what it combines over; a valid
// column-local kernel round-trips.
// RUN: runmat-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @column_sums
// CHECK: scf.for
// CHECK: runmat.group_reduce sum %{{.*}} dims [0] : f32
// CHECK: runmat.group_reduce max %{{.*}} dims [0] : f32
func.func @column_sums(%x: tensor<?x?xf32>, %m: index, %n: index, %trips: index) -> tensor<?x?xf32> {
  %0 = runmat.kernel space(%m, %n) ins(%x : tensor<?x?xf32>) maps [[0, 1]] scalars(%trips : index) -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32, %t: index):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %r = scf.for %k = %c0 to %t step %c1 iter_args(%s = %v) -> (f32) {
      %sum = runmat.group_reduce sum %s dims [0] : f32
      %big = runmat.group_reduce max %s dims [0] : f32
      %d = arith.divf %sum, %big : f32
      %next = arith.subf %s, %d : f32
      scf.yield %next : f32
    }
    runmat.yield %r : f32
  }
  return %0 : tensor<?x?xf32>
}

// -----

func.func @outside_kernel(%v: f32) -> f32 {
  // expected-error @+1 {{must be in a kernel body, under scf.for loops at most}}
  %0 = runmat.group_reduce sum %v dims [0] : f32
  return %0 : f32
}

// -----

func.func @under_condition(%x: tensor<?x?xf32>, %m: index, %n: index, %c: i1) -> tensor<?x?xf32> {
  %0 = runmat.kernel space(%m, %n) ins(%x : tensor<?x?xf32>) maps [[0, 1]] scalars(%c : i1) -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32, %b: i1):
    %r = scf.if %b -> (f32) {
      // expected-error @+1 {{must be in a kernel body, under scf.for loops at most}}
      %s = runmat.group_reduce sum %v dims [0] : f32
      scf.yield %s : f32
    } else {
      scf.yield %v : f32
    }
    runmat.yield %r : f32
  }
  return %0 : tensor<?x?xf32>
}

// -----

func.func @in_reduction(%x: tensor<?x?xf32>, %m: index, %n: index) -> tensor<1x?xf32> {
  %0 = runmat.kernel space(%m, %n) ins(%x : tensor<?x?xf32>) maps [[0, 1]] reduce [0] combiners [sum] -> (tensor<1x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32):
    // expected-error @+1 {{must be in a map kernel}}
    %s = runmat.group_reduce sum %v dims [0] : f32
    runmat.yield %s : f32
  } epilogue {
  ^bb0(%a: f32, %em: index, %en: index):
    runmat.yield %a : f32
  }
  return %0 : tensor<1x?xf32>
}

// -----

func.func @mean(%x: tensor<?x?xf32>, %m: index, %n: index) -> tensor<?x?xf32> {
  %0 = runmat.kernel space(%m, %n) ins(%x : tensor<?x?xf32>) maps [[0, 1]] -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32):
    // expected-error @+1 {{combines with sum, prod, max or min}}
    %s = runmat.group_reduce mean %v dims [0] : f32
    runmat.yield %s : f32
  }
  return %0 : tensor<?x?xf32>
}

// -----

func.func @dims_out_of_range(%x: tensor<?x?xf32>, %m: index, %n: index) -> tensor<?x?xf32> {
  %0 = runmat.kernel space(%m, %n) ins(%x : tensor<?x?xf32>) maps [[0, 1]] -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32):
    // expected-error @+1 {{dims must be increasing dimensions of the rank-2 space}}
    %s = runmat.group_reduce sum %v dims [2] : f32
    runmat.yield %s : f32
  }
  return %0 : tensor<?x?xf32>
}

// -----

func.func @mixed_dims(%x: tensor<?x?xf32>, %m: index, %n: index) -> tensor<?x?xf32> {
  %0 = runmat.kernel space(%m, %n) ins(%x : tensor<?x?xf32>) maps [[0, 1]] -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32):
    %s = runmat.group_reduce sum %v dims [0] : f32
    // expected-error @+1 {{combines over other dimensions than the kernel's other group reductions}}
    %t = runmat.group_reduce sum %s dims [1] : f32
    runmat.yield %t : f32
  }
  return %0 : tensor<?x?xf32>
}
