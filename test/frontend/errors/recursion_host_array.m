% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: recursion_host_array.m:8:9: error: recursive function 'f' is compiled as a function of host scalars (its recursion depends on run-time values), and here it makes an array, which such a function cannot do yet
1;
function r = f(n)
  if n < 1
    r = 0;
  else
    v = zeros(1, 3) + n;
    r = f(n - 1) + sum(v);
  end
end
if ~exist('n', 'var'), n = 8; end
disp(f(n))
