% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% A recursion that does not end at compile time (no base case here) is refused
% once it is deeper than the inlining limit.
% CHECK: recursion.m:7:7: error: recursive call to 'f' is deeper than 100 calls: runmatc inlines function calls, so a recursion must end at compile time
y = f(3);
function r = f(x)
  r = f(x - 1);
end
