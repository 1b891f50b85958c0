// runmat-lower-host: a display becomes runmat_rt1_display, or, for a value of
// an integer class (held as doubles), runmat_rt1_display_integer with the
// class's intmin (Octave leaves intmin out of the column width).
// RUN: runmat-opt %s -runmat-lower-host | FileCheck %s

// The names "x" and "y" are strings 2 and 3; disp has none (-1).
// CHECK-LABEL: func.func @main
// CHECK: call @runmat_rt1_display(%arg0, %c2_i32, %{{.*}}) : (!llvm.ptr, i32, !llvm.ptr) -> ()
// CHECK: %[[LO:.*]] = arith.constant -1.280000e+02 : f64
// CHECK: call @runmat_rt1_display_integer(%arg0, %c3_i32, %{{.*}}, %[[LO]]) : (!llvm.ptr, i32, !llvm.ptr, f64) -> ()
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: call @runmat_rt1_display_integer(%arg0, %c-1_i32, %{{.*}}, %[[ZERO]])
module {
  func.func @main(%n: f64 {runmat.param = "n", runmat.default = 4.0 : f64}) attributes {runmat.kind = "script"} {
    %m = runmat.to_index %n {what = "n"} : f64
    %one = arith.constant 1 : index
    %t = runmat.launch 7 space(%m, %one) reduce [] {label = "fill"} -> tensor<?x1xf64>
    runmat.display %t {name = "x"} : tensor<?x1xf64>
    runmat.display %t {name = "y", integer_class = "int8"} : tensor<?x1xf64>
    runmat.display %t {integer_class = "uint16"} : tensor<?x1xf64>
    runmat.release %t : tensor<?x1xf64>
    return
  }
}
