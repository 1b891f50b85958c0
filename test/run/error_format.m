% error(id, format, args...) stops with the formatted message; a number
% known only at run time is formatted by the shim.
% RUN: runmatc compile %s -o %t.rmx
% RUN: not runmat-run %t.rmx 2>&1 | FileCheck %s
x = rand(3, 1);
n = numel(x) + 2;
if n > 4
  error('myid:bad', 'n is %d, not %s', n, 'small');
end
% CHECK: error: the program stopped: n is 5, not small ({{.*}}error_format.m:8:3)
