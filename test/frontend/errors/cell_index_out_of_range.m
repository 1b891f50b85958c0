% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: cell_index_out_of_range.m:4:7: error: index 3 is out of bounds for 2 elements of 'c'
c = {'a', 'b'};
d = c{3};
