% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: max_index_output.m:4:10: error: [m, i] = max(X, Y) is not valid: two arrays compared have no index output
x = rand(5, 1);
[m, i] = max(x, 0.5);
