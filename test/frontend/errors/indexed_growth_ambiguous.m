% A matrix cannot grow through one linear subscript (MATLAB refuses too).
% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: indexed_growth_ambiguous.m:5:3: error: index 7 is past the end of 'x' (2-by-2), and a matrix cannot grow through one linear subscript
x = zeros(2, 2);
x(7) = 1;
