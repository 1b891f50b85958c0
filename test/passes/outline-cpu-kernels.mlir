// runmat-outline-cpu-kernels: kernel bodies become box functions with loops
// over the iteration space (innermost dimension first); kernels become launches.
// RUN: runmat-opt %s -runmat-number-kernels -runmat-outline-cpu-kernels | FileCheck %s
// RUN: not runmat-opt %s -runmat-outline-cpu-kernels 2>&1 | FileCheck %s --check-prefix=UNNUMBERED
// UNNUMBERED: error: 'runmat.kernel' op has no kernel_id: run runmat-number-kernels first

// What the manifest records of a kernel is the kernel-info analysis's (taken
// before this pass); the module carries no description of its own.
// CHECK-NOT: runmat.kernels

// CHECK-LABEL: func.func @host
// CHECK: %[[Y:.*]] = runmat.launch 0 space(%arg1, %arg2) ins(%arg0 : tensor<?x?xf32>) scalars(%arg3 : f32) reduce [] {label = "scale"} -> tensor<?x?xf32>
// CHECK: runmat.launch 1 space(%arg1, %arg2) ins(%[[Y]] : tensor<?x?xf32>) reduce [0]
// CHECK-NOT: runmat.kernel
func.func @host(%a: tensor<?x?xf32>, %m: index, %n: index, %s: f32) -> tensor<1x?xf32> {
  %y = runmat.kernel label "scale" space(%m, %n) ins(%a : tensor<?x?xf32>) maps [[0, 1]] scalars(%s : f32) -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32, %c: f32):
    %v = arith.mulf %x, %c : f32
    runmat.yield %v : f32
  }
  %r = runmat.kernel label "colsum" space(%m, %n) ins(%y : tensor<?x?xf32>) maps [[0, 1]] reduce [0] combiners [sum] -> (tensor<1x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32):
    runmat.yield %x : f32
  } epilogue {
  ^bb0(%acc: f32, %em: index, %en: index):
    runmat.yield %acc : f32
  }
  return %r : tensor<1x?xf32>
}

// A column-local kernel's launch carries its CPU scratch slots per row (the
// state of its time loop: one), the outlining's one fact for the manifest.
// CHECK-LABEL: func.func @column_local
// CHECK: runmat.launch 2 space(%arg1, %arg2) ins(%arg0 : tensor<?x?xf32>) scalars(%arg3 : index) reduce [] {group_slots = 1 : i64} -> tensor<?x?xf32>

// The map kernel's box function: loads the arguments once, then loops with
// dimension 1 outside and dimension 0 inside, offsets carried incrementally.
// CHECK-LABEL: func.func @runmat_kernel_0(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr {llvm.noalias})
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, runmat.kernel_function}
// CHECK: %[[S32:.*]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[SCALE:.*]] = arith.bitcast %[[S32]] : i32 to f32
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:   scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:     %[[X:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK:     %[[V:.*]] = arith.mulf %[[X]], %[[SCALE]] : f32
// CHECK:     llvm.store %[[V]], %{{.*}} : f32, !llvm.ptr

// The reduction accumulates in double, reassociation allowed so that it vectorizes.
// CHECK-LABEL: func.func @runmat_kernel_1(
// CHECK: %[[E:.*]] = arith.extf %{{.*}} : f32 to f64
// CHECK: arith.addf %{{.*}}, %[[E]] fastmath<reassoc> : f64
// CHECK-LABEL: func.func @runmat_kernel_1_finish(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64, %arg3: !llvm.ptr)
// CHECK: arith.truncf %{{.*}} : f64 to f32

func.func @column_local(%x: tensor<?x?xf32>, %m: index, %n: index, %trips: index) -> tensor<?x?xf32> {
  %0 = runmat.kernel space(%m, %n) ins(%x : tensor<?x?xf32>) maps [[0, 1]] scalars(%trips : index) -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32, %t: index):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %r = scf.for %k = %c0 to %t step %c1 iter_args(%s = %v) -> (f32) {
      %sum = runmat.group_reduce sum %s dims [0] : f32
      %next = arith.subf %s, %sum : f32
      scf.yield %next : f32
    }
    runmat.yield %r : f32
  }
  return %0 : tensor<?x?xf32>
}
