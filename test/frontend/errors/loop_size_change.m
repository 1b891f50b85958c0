% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: loop_size_change.m:5:1: error: variable 's' is 1x1 before the loop but nx1 after an iteration; runmatc needs one size for it
if ~exist('n', 'var'), n = 8; end
s = 0;
for i = 1:3
  s = s + ones(n, 1);
end
disp(s);
