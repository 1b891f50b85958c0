% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: matrix_norm_p.m:4:5: error: norm of a matrix takes p = 1, 2, Inf or 'fro'
A = [1 2; 3 4];
n = norm(A, 3);
