% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% Sizes may differ between the branches (test/e2e/octave/loop_growth.m);
% the number of dimensions may not.
% CHECK: if_branch_sizes.m:6:1: error: variable 'y' is 2x1 in the then branch but 2x2x2 in the else branch
if ~exist('n', 'var'), n = 3; end
if n > 2
  y = zeros(2, 1);
else
  y = zeros(2, 2, 2);
end
disp(y);
