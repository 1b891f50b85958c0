% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: wrong_arity.m:3:5: error: sqrt takes 1 argument, got 2
y = sqrt(1, 2);
