% Index vectors known at compile time are checked there.
% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: vector_subscript.m:5:7: error: subscripts must be positive integers, got 2.5
x = rand(5, 1);
y = x([1 2.5]);
