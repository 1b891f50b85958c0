% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: recursion_host_random.m:8:20: error: recursive function 'g' is compiled as a function of host scalars (its recursion depends on run-time values), and here it draws random numbers, which such a function cannot do yet
1;
function r = g(n)
  if n < 1
    r = 0;
  else
    r = g(n - 1) + rand();
  end
end
if ~exist('n', 'var'), n = 8; end
disp(g(n))
