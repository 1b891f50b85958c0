% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: inv_not_square.m:3:5: error: inv needs a square matrix, got 2x3
B = inv(ones(2, 3));
