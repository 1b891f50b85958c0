// runmat-insert-ownership: every tensor is released after its last use,
// moved into a transfer that is its last use, and retained otherwise.
// RUN: runmat-opt %s -runmat-insert-ownership -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @straight
func.func @straight(%a: tensor<?x1xf32>, %m: index) -> tensor<?x1xf32> {
  // %t is used twice, then released after its last use; %u moves into the return.
  // CHECK: %[[T:.*]] = runmat.transpose %arg0
  // CHECK-NEXT: %[[U:.*]] = runmat.launch 0 {{.*}}ins(%arg0, %[[T]]
  // CHECK-NEXT: %[[W:.*]] = runmat.launch 1 {{.*}}ins(%[[T]]
  // CHECK-NEXT: runmat.release %[[W]]
  // CHECK-NEXT: runmat.release %[[T]]
  // CHECK-NEXT: return %[[U]]
  %t = runmat.transpose %a : tensor<?x1xf32> -> tensor<1x?xf32>
  %u = runmat.launch 0 space(%m, %m) ins(%a, %t : tensor<?x1xf32>, tensor<1x?xf32>) reduce [] -> tensor<?x1xf32>
  %w = runmat.launch 1 space(%m, %m) ins(%t : tensor<1x?xf32>) reduce [] -> tensor<?x1xf32>
  return %u : tensor<?x1xf32>
}

// -----

// A borrowed input that is returned is retained first.
// CHECK-LABEL: func.func @identity
// CHECK-NEXT: runmat.retain %arg0
// CHECK-NEXT: return %arg0
func.func @identity(%a: tensor<?x1xf32>) -> tensor<?x1xf32> {
  return %a : tensor<?x1xf32>
}

// -----

// Loop-carried tensors: the init moves into the loop; the old value is
// released once the new one is computed; a borrowed argument passed in, or a
// value from outside yielded in the loop, is retained; an unused carried
// value is released at once.
// CHECK-LABEL: func.func @loop
func.func @loop(%m: index, %n: index, %g: tensor<?x1xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // CHECK: %[[INIT:.*]] = runmat.launch 0
  // CHECK-NEXT: runmat.retain %arg2
  // CHECK-NEXT: %[[R:.*]]:2 = scf.for {{.*}} iter_args(%[[S:.*]] = %[[INIT]], %[[K:.*]] = %arg2)
  // CHECK-NEXT:   runmat.release %[[K]]
  // CHECK-NEXT:   %[[NEXT:.*]] = runmat.launch 1 {{.*}}ins(%[[S]], %arg2
  // CHECK-NEXT:   runmat.release %[[S]]
  // CHECK-NEXT:   runmat.retain %arg2
  // CHECK-NEXT:   scf.yield %[[NEXT]], %arg2
  // CHECK: return %[[R]]#0, %[[R]]#1
  %init = runmat.launch 0 space(%m, %c1) reduce [] -> tensor<?x1xf32>
  %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %k = %g) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
    %next = runmat.launch 1 space(%m, %c1) ins(%s, %g : tensor<?x1xf32>, tensor<?x1xf32>) reduce [] -> tensor<?x1xf32>
    scf.yield %next, %g : tensor<?x1xf32>, tensor<?x1xf32>
  }
  return %r#0, %r#1 : tensor<?x1xf32>, tensor<?x1xf32>
}

// -----

// An unused result is released at once; a value yielded twice leaves with two
// references.
// CHECK-LABEL: func.func @branches
func.func @branches(%c: i1, %m: index) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  %c1 = arith.constant 1 : index
  // CHECK: %[[DEAD:.*]] = runmat.launch 5
  // CHECK-NEXT: runmat.release %[[DEAD]]
  %dead = runmat.launch 5 space(%m, %c1) reduce [] -> tensor<?x1xf32>
  // CHECK: scf.if
  // CHECK:   %[[A:.*]] = runmat.launch 2
  // CHECK-NEXT: runmat.retain %[[A]]
  // CHECK-NEXT: runmat.retain %[[A]]
  // CHECK-NEXT: runmat.release %[[A]]
  // CHECK-NEXT: scf.yield %[[A]], %[[A]]
  // CHECK: } else {
  // CHECK-NOT: runmat.retain
  // CHECK: scf.yield
  %r:2 = scf.if %c -> (tensor<?x1xf32>, tensor<?x1xf32>) {
    %a = runmat.launch 2 space(%m, %c1) reduce [] -> tensor<?x1xf32>
    scf.yield %a, %a : tensor<?x1xf32>, tensor<?x1xf32>
  } else {
    %b = runmat.launch 3 space(%m, %c1) reduce [] -> tensor<?x1xf32>
    %d = runmat.launch 4 space(%m, %c1) reduce [] -> tensor<?x1xf32>
    scf.yield %b, %d : tensor<?x1xf32>, tensor<?x1xf32>
  }
  return %r#0, %r#1 : tensor<?x1xf32>, tensor<?x1xf32>
}

// -----

// An indexed assignment whose source dies there takes its reference (the
// shim then writes in place); one whose source is read later gets a retain,
// so the shim copies and the old value stays intact.
// CHECK-LABEL: func.func @update
// CHECK: %[[Y:.*]] = runmat.transpose
// CHECK-NEXT: %[[U:.*]] = runmat.update %[[Y]]
// CHECK-NOT: runmat.release %[[Y]]
// CHECK-NEXT: runmat.retain %[[U]]
// CHECK-NEXT: %[[W:.*]] = runmat.update %[[U]]
// CHECK-NEXT: %[[T:.*]] = runmat.transpose %[[U]]
// CHECK-NEXT: runmat.release %[[T]]
// CHECK-NEXT: runmat.release %[[U]]
// CHECK-NEXT: return %[[W]]
func.func @update(%a: tensor<?x?xf64>, %i: index, %v: f64) -> tensor<?x?xf64> {
  %y = runmat.transpose %a : tensor<?x?xf64> -> tensor<?x?xf64>
  %u = runmat.update %y[%i, %i] [%i, %i] [%i, %i] = %v : tensor<?x?xf64>, f64 -> tensor<?x?xf64>
  %w = runmat.update %u[%i, %i] [%i, %i] [%i, %i] = %v : tensor<?x?xf64>, f64 -> tensor<?x?xf64>
  %t = runmat.transpose %u : tensor<?x?xf64> -> tensor<?x?xf64>
  return %w : tensor<?x?xf64>
}

// -----

// A scatter takes its source's reference like an update; its indexes are
// only read (released after).
// CHECK-LABEL: func.func @put
// CHECK: %[[Y:.*]] = runmat.transpose
// CHECK-NEXT: %[[P:.*]] = runmat.put %[[Y]][%arg1]
// CHECK-NOT: runmat.release %[[Y]]
// CHECK: return %[[P]]
func.func @put(%a: tensor<?x?xf64>, %i: tensor<?x1xf64>, %v: f64) -> tensor<?x?xf64> {
  %y = runmat.transpose %a : tensor<?x?xf64> -> tensor<?x?xf64>
  %p = runmat.put %y[%i] = %v : tensor<?x?xf64>, tensor<?x1xf64>, f64 -> tensor<?x?xf64>
  return %p : tensor<?x?xf64>
}

// -----

// A select between two tensors hands out one of them: it becomes an scf.if
// whose yields retain the borrowed inputs, so the result owns its reference.
// CHECK-LABEL: func.func @select
// CHECK-NOT: arith.select
// CHECK: %[[R:.*]] = scf.if %arg0 -> (tensor<?x1xf32>) {
// CHECK-NEXT: runmat.retain %arg1
// CHECK-NEXT: scf.yield %arg1
// CHECK-NEXT: } else {
// CHECK-NEXT: runmat.retain %arg2
// CHECK-NEXT: scf.yield %arg2
// CHECK: return %[[R]]
func.func @select(%c: i1, %a: tensor<?x1xf32>, %b: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %r = arith.select %c, %a, %b : tensor<?x1xf32>
  return %r : tensor<?x1xf32>
}

// -----

// A resize (an array grown by assignment) takes its source's reference like
// an update: a source that dies there can grow in place.
// CHECK-LABEL: func.func @resize
// CHECK: %[[Y:.*]] = runmat.transpose
// CHECK-NEXT: %[[R:.*]] = runmat.resize %[[Y]]
// CHECK-NOT: runmat.release %[[Y]]
// CHECK-NEXT: return %[[R]]
func.func @resize(%a: tensor<1x?xf64>, %n: index) -> tensor<?x1xf64> {
  %y = runmat.transpose %a : tensor<1x?xf64> -> tensor<?x1xf64>
  %r = runmat.resize %y(%n) : tensor<?x1xf64> -> tensor<?x1xf64>
  return %r : tensor<?x1xf64>
}
