% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: index_out_of_range.m:4:7: error: index 5 exceeds the extent 3
x = [1 2 3];
y = x(5);
