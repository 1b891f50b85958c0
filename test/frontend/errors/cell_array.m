% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: cell_array.m:3:5: error: cell arrays are not supported by runmatc
c = {1, 2};
