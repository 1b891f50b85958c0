% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: handle_as_number.m:4:7: error: a function handle is used where a number is expected
f = @(x) x + 1;
y = f + 1;
