% Indexed assignment at run time: subscripts known only then are checked
% against the array, and a write past the end says how to grow it.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
% RUN: not runmat-run %t.rmx -p k=6 2>&1 | FileCheck %s --check-prefix=PAST
% RUN: not runmat-run %t.rmx -p k=0 2>&1 | FileCheck %s --check-prefix=ZERO
% RUN: not runmat-run %t.rmx -p m=3 2>&1 | FileCheck %s --check-prefix=COUNT
if ~exist('k', 'var'), k = 2; end
if ~exist('m', 'var'), m = 2; end
y = zeros(1, 5);
y(k) = 7;
y(1:2) = ones(1, m);
fprintf('%g ', y);
fprintf('\n');
% CHECK: 1 1 0 0 0
% PAST: error: the program stopped: index 6 is out of bounds for dimension 1 of extent 5; runmatc grows an array by assignment only where its new size is known at compile time: preallocate it, e.g. with zeros ({{.*}}indexed_assignment.m:11:1)
% ZERO: error: the program stopped: index 0 is not a positive integer ({{.*}}indexed_assignment.m:11:1)
% COUNT: error: the program stopped: {{.*}}different number of elements{{.*}}indexed_assignment.m:12:1
