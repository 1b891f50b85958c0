% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: matrix_division.m:5:7: error: A/B: the columns of A (2) and B (3) do not agree
A = rand(3, 2);
B = rand(3);
C = A / B;
