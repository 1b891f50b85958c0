// runmat-lower-host on indexed assignment (runmat.update, and find, take,
// put for index vectors and masks): the offsets,
// sizes and strides are pushed, then the shim's update is called
// (update_scalar for a host scalar value), and its result is the new tensor.
// RUN: runmat-opt %s -runmat-lower-host | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK: %[[T:.*]] = call @runmat_rt1_result
// CHECK-COUNT-4: call @runmat_rt1_push_i64
// CHECK: %[[U:.*]] = call @runmat_rt1_update_scalar(%arg0, %[[T]], %arg1) : (!llvm.ptr, !llvm.ptr, f64) -> !llvm.ptr
// CHECK: %[[B:.*]] = call @runmat_rt1_result
// CHECK-COUNT-4: call @runmat_rt1_push_i64
// CHECK: %[[W:.*]] = call @runmat_rt1_update(%arg0, %[[U]], %[[B]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> !llvm.ptr
// CHECK: %[[M:.*]] = call @runmat_rt1_result
// CHECK: %[[F:.*]] = call @runmat_rt1_find(%arg0, %[[M]], %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64) -> !llvm.ptr
// CHECK: %[[G:.*]] = call @runmat_rt1_take(%arg0, %[[W]], %[[F]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> !llvm.ptr
// CHECK: %[[P:.*]] = call @runmat_rt1_put_scalar(%arg0, %[[W]], %[[F]], %arg1) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, f64) -> !llvm.ptr
// CHECK: call @runmat_rt1_put(%arg0, %[[P]], %[[F]], %[[G]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> !llvm.ptr
module {
  func.func @main(%n: f64 {runmat.param = "n", runmat.default = 4.0 : f64}) attributes {runmat.kind = "script"} {
    %m = runmat.to_index %n {what = "parameter 'n'"} : f64
    %zero = arith.constant 0 : index
    %one = arith.constant 1 : index
    %t = runmat.launch 0 space(%m, %one) reduce [] {label = "fill"} -> tensor<?x1xf64>
    %u = runmat.update %t[%one, %zero] [%one, %one] [%one, %one] = %n : tensor<?x1xf64>, f64 -> tensor<?x1xf64>
    %b = runmat.launch 1 space(%one, %one) reduce [] {label = "fill"} -> tensor<1x1xf64>
    %w = runmat.update %u[%zero, %zero] [%one, %one] [%one, %one] = %b : tensor<?x1xf64>, tensor<1x1xf64> -> tensor<?x1xf64>
    %mask = runmat.launch 2 space(%m, %one) reduce [] {label = "mask"} -> tensor<?x1xi1>
    %at = runmat.find %mask, %m : tensor<?x1xi1> -> tensor<?x1xf64>
    %g = runmat.take %w[%at] : tensor<?x1xf64>, tensor<?x1xf64> -> tensor<?x1xf64>
    %p = runmat.put %w[%at] = %n : tensor<?x1xf64>, tensor<?x1xf64>, f64 -> tensor<?x1xf64>
    %q = runmat.put %p[%at] = %g : tensor<?x1xf64>, tensor<?x1xf64>, tensor<?x1xf64> -> tensor<?x1xf64>
    runmat.print "x=%g\\n"(%q : tensor<?x1xf64>)
    runmat.release %q : tensor<?x1xf64>
    runmat.release %b : tensor<1x1xf64>
    return
  }
}
