% Indexed assignment at run time: subscripts known only then are checked
% against the array; a single index past a compile-time extent grows the
% array (MATLAB's rule), one past an extent fixed at run time is an error
% that says how to grow it.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
% RUN: runmat-run %t.rmx -p k=6 2>&1 | FileCheck %s --check-prefix=GROWN
% RUN: not runmat-run %t.rmx -p j=7 2>&1 | FileCheck %s --check-prefix=PAST
% RUN: not runmat-run %t.rmx -p k=0 2>&1 | FileCheck %s --check-prefix=ZERO
% RUN: not runmat-run %t.rmx -p m=3 2>&1 | FileCheck %s --check-prefix=COUNT
if ~exist('k', 'var'), k = 2; end
if ~exist('m', 'var'), m = 2; end
if ~exist('j', 'var'), j = 1; end
y = zeros(1, 5);
y(k) = 7;
y(1:2) = ones(1, m);
z = zeros(1, m + 4);
z(j) = 3;
fprintf('%g ', y, z);
fprintf('\n');
% CHECK: 1 1 0 0 0 3 0 0 0 0 0
% GROWN: 1 1 0 0 0 7 3 0 0 0 0 0
% PAST: error: the program stopped: index 7 is out of bounds for dimension 1 of extent 6; runmatc grows an array at run time through single indexes such as x(i) = v or x(i, j) = v, not through ranges, and not past a size that a run-time value fixed, such as zeros(n, 1): preallocate it with its final size ({{.*}}indexed_assignment.m:18:1)
% ZERO: error: the program stopped: index 0 is not a positive integer ({{.*}}indexed_assignment.m:15:1)
% COUNT: error: the program stopped: {{.*}}different number of elements{{.*}}indexed_assignment.m:16:1
