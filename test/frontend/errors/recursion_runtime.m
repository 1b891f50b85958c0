% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% The base case depends on a run-time parameter: both branches are traced at
% every depth, so the recursion never ends while compiling.
% CHECK: error: recursive call to 'fact' is deeper than 100 calls
% CHECK-SAME: recursion on run-time values is not supported yet
if ~exist('n', 'var'), n = 5; end
disp(fact(n))
function r = fact(n)
  if n == 0
    r = 1;
  else
    r = n * fact(n - 1);
  end
end
