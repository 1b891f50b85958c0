% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: vector_subscript.m:4:7: error: vector subscripts are not supported by runmatc; use a range a:b
x = rand(5, 1);
y = x([1 3]);
