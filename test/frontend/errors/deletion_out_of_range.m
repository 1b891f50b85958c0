% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: deletion_out_of_range.m:4:3: error: index 7 exceeds the extent 6
v = 1:6;
v(7) = [];
