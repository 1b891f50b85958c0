% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: continue_outside_loop.m:4:1: error: 'continue' outside a loop
x = 1;
continue
