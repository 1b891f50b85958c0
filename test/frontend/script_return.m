% `return` in a script ends it (run-time condition); a `break` in a for loop
% leaves the loop variable at its value then; x += e is x = x + e.
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx -p n=3 | FileCheck %s
% RUN: runmat-run %t.rmx -p n=30 | FileCheck %s --check-prefix=LONG
% RUN: runmatc trace %s | FileCheck %s --check-prefix=TRACE
% CHECK: i=3 total=6
% CHECK-NEXT: short
% CHECK-NOT: long
% LONG: i=10 total=55
% LONG-NEXT: long
% TRACE: op: if
if ~exist('n', 'var'), n = 3; end
total = 0;
for i = 1:10
  total += i;
  if i >= n, break; end
end
fprintf('i=%g total=%g\n', i, total);
if n < 10
  fprintf('short\n');
  return;
end
fprintf('long\n');
