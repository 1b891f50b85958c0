% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: max_index_output.m:4:10: error: the index output of max ([m, i] = max(...)) is not supported by runmatc
x = rand(5, 1);
[m, i] = max(x);
