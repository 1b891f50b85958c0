% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: handle_too_many_arguments.m:4:5: error: the anonymous function takes 1 argument, got 2
f = @(x) x + 1;
y = f(1, 2);
