% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: cell_array.m:4:9: error: runmatc's cell arrays hold text and numbers known at compile time
x = rand(3, 1);
c = {1, x};
