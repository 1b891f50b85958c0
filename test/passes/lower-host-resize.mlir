// runmat-lower-host on runmat.resize (an array grown by assignment): the new
// extents are pushed (constants as they are, dynamic ones as i64), then the
// shim's resize takes the source and returns the grown tensor.
// RUN: runmat-opt %s -runmat-lower-host | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK: %[[T:.*]] = call @runmat_rt1_result
// CHECK: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-NEXT: call @runmat_rt1_push_i64(%arg0, %[[ONE]])
// CHECK-NEXT: %[[N:.*]] = arith.index_cast
// CHECK-NEXT: call @runmat_rt1_push_i64(%arg0, %[[N]])
// CHECK-NEXT: %[[R:.*]] = call @runmat_rt1_resize(%arg0, %[[T]]) : (!llvm.ptr, !llvm.ptr) -> !llvm.ptr
module {
  func.func @main(%n: f64 {runmat.param = "n", runmat.default = 4.0 : f64}) attributes {runmat.kind = "script"} {
    %m = runmat.to_index %n {what = "parameter 'n'"} : f64
    %one = arith.constant 1 : index
    %t = runmat.launch 0 space(%one, %one) reduce [] {label = "fill"} -> tensor<1x1xf64>
    %r = runmat.resize %t(%m) : tensor<1x1xf64> -> tensor<1x?xf64>
    runmat.display %r {name = "r"} : tensor<1x?xf64>
    return
  }
}
