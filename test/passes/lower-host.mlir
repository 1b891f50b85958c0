// runmat-lower-host: host ops become calls of the shim (runmat_abi.h);
// tensors become handles; entries get a runmat_entry_fn wrapper.
// RUN: runmat-opt %s -runmat-lower-host | FileCheck %s

// Text the program needs is collected in the module.
// CHECK: module attributes {runmat.entries = ["runmat_entry_main"], runmat.strings = ["parameter 'n'", "prog.m:3:5", "must hold", "x=%g\\n"]}

// CHECK-LABEL: func.func @main(%arg0: !llvm.ptr, %arg1: f64 {runmat.default = 4.000000e+00 : f64, runmat.param = "n"})
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK: %[[N:.*]] = call @runmat_rt1_to_index(%arg0, %arg1, %c0_i32, %c0_i32{{.*}}) : (!llvm.ptr, f64, i32, i32) -> i64
// Launch: location, inputs, scalar bits, extents, then the results.
// CHECK: call @runmat_rt1_at(%arg0, %c1_i32)
// CHECK: %[[BITS:.*]] = arith.bitcast %{{.*}} : f64 to i64
// CHECK: call @runmat_rt1_push_i64(%arg0, %[[BITS]])
// CHECK: call @runmat_rt1_launch(%arg0, %c7_i32)
// CHECK: %[[T:.*]] = call @runmat_rt1_result(%arg0, %c0_i32{{.*}}) : (!llvm.ptr, i32) -> !llvm.ptr
// CHECK: call @runmat_rt1_check(%arg0, %{{.*}}, %c2_i32)
// CHECK: call @runmat_rt1_push_tensor(%arg0, %[[T]])
// CHECK: call @runmat_rt1_print(%arg0, %c3_i32)
// CHECK: call @runmat_rt1_release(%arg0, %[[T]])

// The wrapper reads parameters from the array the shim passes.
// CHECK-LABEL: func.func @runmat_entry_main(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr)
// CHECK: %[[P:.*]] = llvm.getelementptr %arg1[0] : (!llvm.ptr) -> !llvm.ptr, f64
// CHECK: %[[V:.*]] = llvm.load %[[P]] : !llvm.ptr -> f64
// CHECK: call @main(%arg0, %[[V]])
module {
  func.func @main(%n: f64 {runmat.param = "n", runmat.default = 4.0 : f64}) attributes {runmat.kind = "script"} {
    %m = runmat.to_index %n {what = "parameter 'n'"} : f64
    %zero = arith.constant 0.0 : f64
    %c = arith.cmpf ogt, %n, %zero : f64
    %one = arith.constant 1 : index
    %v = arith.constant 2.5 : f64
    %t = runmat.launch 7 space(%m, %one) scalars(%v : f64) reduce [] {label = "fill"} -> tensor<?x1xf64> loc("prog.m":3:5)
    runmat.check %c, "must hold"
    runmat.print "x=%g\\n"(%t : tensor<?x1xf64>)
    runmat.release %t : tensor<?x1xf64>
    return
  }
}
