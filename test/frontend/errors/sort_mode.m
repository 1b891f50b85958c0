% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: sort_mode.m:3:5: error: sort: the mode must be 'ascend' or 'descend', not 'up'
s = sort([3 1 2], 'up');
