% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% At most ten problems are reported.
% CHECK: ten_problems.m:7:6: error: undefined variable or function 'a1'
% CHECK: ten_problems.m:16:7: error: undefined variable or function 'a10'
% CHECK-NOT: a11
% CHECK: runmatc: 10 errors
x1 = a1;
x2 = a2;
x3 = a3;
x4 = a4;
x5 = a5;
x6 = a6;
x7 = a7;
x8 = a8;
x9 = a9;
x10 = a10;
x11 = a11;
