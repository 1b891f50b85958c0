% A logical subscript among several must fit the extent it indexes.
% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: mask_too_long.m:5:7: error: a logical subscript of 4 elements is longer than the extent 3 it indexes
A = rand(3, 3);
B = A(logical([1 0 1 1]), :);
