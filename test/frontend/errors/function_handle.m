% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: function_handle.m:3:6: error: expected a function name or a parameter list after '@'
f = @3;
