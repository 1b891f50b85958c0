% Two sibling row sums merged into one kernel, then divided: the division
% stays out of the merged kernel's epilogue (one result of two), instead of
% an invalid kernel (it was "needs one combiner per result").
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
x = [1 2 3; 4 5 6] + rand(2, 3) * 0;
fprintf('%.6f ', sum(x, 2) ./ sum(x + 1, 2)); fprintf('\n');
% CHECK: 0.666667 0.833333
