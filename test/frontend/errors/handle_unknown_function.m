% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: handle_unknown_function.m:3:5: error: @nosuch: no function 'nosuch' is defined
f = @nosuch;
