// runmat-lower-host: a host function (a recursion on run-time scalars) takes
// the run's exec handle first, as entries do, and every call of it passes
// the caller's on; it gets no entry wrapper of its own.
// RUN: runmat-opt %s -runmat-lower-host | FileCheck %s

// CHECK: runmat.entries = ["runmat_entry_main"]

// CHECK-LABEL: func.func @main(%arg0: !llvm.ptr, %arg1: f64
// CHECK: call @runmat_host_f(%arg0, %{{.*}}, %arg1) : (!llvm.ptr, f64, f64) -> f64
func.func @main(%n: f64 {runmat.default = 4.0 : f64, runmat.param = "n"}) attributes {runmat.kind = "script"} {
  %one = arith.constant 1.0 : f64
  %r = func.call @runmat_host_f(%one, %n) : (f64, f64) -> f64
  runmat.print "%g\n"(%r : f64)
  return
}

// CHECK-LABEL: func.func private @runmat_host_f(%arg0: !llvm.ptr, %arg1: f64, %arg2: f64) -> f64
// CHECK: call @runmat_rt1_check(%arg0,
// CHECK: call @runmat_host_f(%arg0, %{{.*}}, %{{.*}}) : (!llvm.ptr, f64, f64) -> f64
func.func private @runmat_host_f(%depth: f64, %n: f64) -> f64 attributes {runmat.host_function} {
  %limit = arith.constant 256.0 : f64
  %ok = arith.cmpf ole, %depth, %limit : f64
  runmat.check %ok, "too deep"
  %zero = arith.constant 0.0 : f64
  %base = arith.cmpf oeq, %n, %zero : f64
  %r = scf.if %base -> f64 {
    scf.yield %zero : f64
  } else {
    %one = arith.constant 1.0 : f64
    %d = arith.addf %depth, %one : f64
    %m = arith.subf %n, %one : f64
    %s = func.call @runmat_host_f(%d, %m) : (f64, f64) -> f64
    %t = arith.addf %n, %s : f64
    scf.yield %t : f64
  }
  return %r : f64
}
