% Index vectors known only at run time: a bad linear index is reported by
% the shim, a bad subscript among several by a check before the gather
% (its linear index could otherwise land inside the array).
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
% RUN: not runmat-run %t.rmx -p k=9 2>&1 | FileCheck %s --check-prefix=LINEAR
% RUN: not runmat-run %t.rmx -p k=2.5 2>&1 | FileCheck %s --check-prefix=FRACTION
% RUN: not runmat-run %t.rmx -p r=4 2>&1 | FileCheck %s --check-prefix=ROWS
if ~exist('k', 'var'), k = 3; end
if ~exist('r', 'var'), r = 2; end
x = (1:5) * 10;
idx = [1 k];
fprintf('%g ', x(idx));
fprintf('\n');
A = reshape(1:9, 3, 3);
rows = [1 r];
fprintf('%g ', A(rows, 2));
fprintf('\n');
% CHECK: 10 30
% CHECK-NEXT: 4 5
% LINEAR: error: the program stopped: index 9 is out of bounds for 5 elements ({{.*}}index_vectors.m:13:16)
% FRACTION: error: the program stopped: index 2.5 is not a positive integer
% ROWS: error: the program stopped: an index is out of bounds for dimension 1 ({{.*}}index_vectors.m:17:18)
