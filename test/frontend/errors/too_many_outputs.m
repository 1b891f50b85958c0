% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: too_many_outputs.m:4:10: error: sum returns one value, not 2
x = rand(3);
[a, b] = sum(x);
