% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: cell_paren_index.m:4:5: error: c(i) of a cell array is not supported by runmatc; use c{i} for an element
c = {'a', 'b'};
d = c(1);
