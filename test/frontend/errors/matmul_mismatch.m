% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: matmul_mismatch.m:3:15: error: inner dimensions of the matrix product do not agree (3x4 * 5x6)
z = rand(3,4) * rand(5,6);
