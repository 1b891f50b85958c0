% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: undefined_variable.m:3:5: error: undefined variable or function 'x'
y = x + 1;
