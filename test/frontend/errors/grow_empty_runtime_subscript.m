% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% An empty array written at a subscript known only at run time (here inside
% a while loop, which is never unrolled) is refused at the assignment.
% CHECK: grow_empty_runtime_subscript.m:9:5: error: 'c' is empty here and this subscript is known only at run time
if ~exist('n', 'var'), n = 6; end
k = 0;
while k < n
  k = k + 1;
  c(k) = k^2;
end
disp(c)
