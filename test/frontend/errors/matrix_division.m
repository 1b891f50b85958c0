% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: matrix_division.m:5:7: error: matrix right division A/B with a non-scalar B is not supported by runmatc
A = rand(3);
B = rand(3);
C = A / B;
