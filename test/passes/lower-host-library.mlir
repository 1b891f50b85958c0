// runmat-lower-host: a library call pushes its options, then its tensors,
// calls runmat_rt1_library with the function's name (a string), and reads
// its results.
// RUN: runmat-opt %s -runmat-lower-host | FileCheck %s

// CHECK: runmat.strings = [{{.*}}, "sort"]
// CHECK-LABEL: func.func @main
// CHECK: call @runmat_rt1_alloc
// CHECK: call @runmat_rt1_push_i64(%arg0, %c2_i64)
// CHECK: call @runmat_rt1_push_i64(%arg0, %c1_i64)
// CHECK: call @runmat_rt1_push_tensor(%arg0, %{{.*}})
// CHECK: call @runmat_rt1_library(%arg0, %c2_i32)
// CHECK: %[[S:.*]] = call @runmat_rt1_result(%arg0, %c0_i32
// CHECK: %[[I:.*]] = call @runmat_rt1_result(%arg0, %c1_i32
// CHECK: call @runmat_rt1_release(%arg0, %[[S]])
// CHECK: call @runmat_rt1_release(%arg0, %[[I]])
module {
  func.func @main() attributes {runmat.kind = "script"} {
    %x = tensor.empty() : tensor<3x4xf64>
    %s, %i = runmat.library_call "sort"(%x) {options = array<i64: 2, 1>} : (tensor<3x4xf64>) -> (tensor<3x4xf64>, tensor<3x4xf64>)
    runmat.release %s : tensor<3x4xf64>
    runmat.release %i : tensor<3x4xf64>
    return
  }
}
