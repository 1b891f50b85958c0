% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: loop_size_change.m:6:1: error: variable 's' is 1x1 before the loop but nx1 after an iteration; runmatc needs one size for it
% (A loop of a known, small trip count is unrolled instead: see test/run/unrolled_loops.m.)
if ~exist('n', 'var'), n = 8; end
s = 0;
for i = 1:n
  s = s + ones(n, 1);
end
disp(s);
