% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% An empty array written through a range known only at run time is refused
% at the assignment (single indexes grow it: test/e2e/octave/loop_growth.m).
% CHECK: grow_empty_runtime_subscript.m:9:5: error: 'c' is empty here and this subscript is known only at run time; runmatc grows an array at run time through single indexes
if ~exist('n', 'var'), n = 6; end
k = 0;
c = [];
while k < n
  c(1:k) = k^2;
  k = k + 1;
end
disp(c)
