% Octave's print_usage inside a function stops the run as a wrong call of
% it; at a script's top level it is refused (test/frontend/errors/print_usage_script.m).
% RUN: runmatc compile %s -o %t.rmx
% RUN: not runmat-run %t.rmx 2>&1 | FileCheck %s
1;
function r = twice(a, b)
  if nargin < 2
    print_usage();
  end
  r = 2 * a;
end
disp(twice(4, 0))
disp(twice(1))
% CHECK: 8
% CHECK-NEXT: error: the program stopped: Invalid call to twice ({{.*}}print_usage.m:8:5)
