% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: negative_size.m:3:5: error: a size must be non-negative, got -1
z = zeros(-1, 2);
