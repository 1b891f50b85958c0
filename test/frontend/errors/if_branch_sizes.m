% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: if_branch_sizes.m:4:1: error: variable 'y' is 2x1 in the then branch but 3x1 in the else branch
if ~exist('n', 'var'), n = 3; end
if n > 2
  y = zeros(2, 1);
else
  y = zeros(3, 1);
end
disp(y);
