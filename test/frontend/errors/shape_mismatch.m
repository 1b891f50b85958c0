% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: shape_mismatch.m:3:15: error: sizes 3x4 and 5x6 are not compatible for implicit expansion (dimension 1: 3 vs 5)
z = ones(3,4) + ones(5,6);
