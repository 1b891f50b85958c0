% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: function_handle.m:3:5: error: function handles (@) are not supported by runmatc
f = @(x) x.^2;
