% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: svd_three_outputs.m:4:13: error: [U, S, V] = svd(X) is not supported by runmatc
A = [1 2; 3 4];
[U, S, V] = svd(A);
