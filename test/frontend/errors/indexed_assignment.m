% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: indexed_assignment.m:5:1: error: the assignment to 'x(...)' puts 3-by-4 elements into a 2-by-4 section
% CHECK-NEXT: x(1:2, :) = ones(3, 4);
x = zeros(3, 4);
x(1:2, :) = ones(3, 4);
