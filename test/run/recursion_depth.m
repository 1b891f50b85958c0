% A recursion on a run-time scalar runs as a host function; one deeper than
% Octave's max_recursion_depth (256) stops the run, located, instead of
% overflowing the stack.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s --check-prefix=SHALLOW
% RUN: runmat-run %t.rmx -p n=255 | FileCheck %s --check-prefix=LIMIT
% RUN: not runmat-run %t.rmx -p n=100000 2>&1 | FileCheck %s --check-prefix=DEEP
% SHALLOW: sum 5050
% LIMIT: sum 32640
% DEEP: max_recursion_depth exceeded: 'sumto' recursed more than 256 calls deep (
1;
function r = sumto(n)
  if n == 0
    r = 0;
  else
    r = n + sumto(n - 1);
  end
end
if ~exist('n', 'var'), n = 100; end
fprintf('sum %g\n', sumto(n));
