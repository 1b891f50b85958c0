% A check the loop fusion moves before a loop (the loop becomes one kernel)
% holds when the loop runs no trip: the mismatched reshape in the body never
% runs at T = 0, and stops the run, located, when it does.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx -p T=0 | FileCheck %s --check-prefix=NOTRIP
% RUN: not runmat-run %t.rmx -p T=2 2>&1 | FileCheck %s --check-prefix=TRIPS
% RUN: runmat-run %t.rmx -p T=2 -p n=5 | FileCheck %s --check-prefix=MATCHED
% NOTRIP: total 0
% MATCHED: total 35
% TRIPS: reshape changes the number of elements (
if ~exist('n', 'var'), n = 6; end
if ~exist('m', 'var'), m = 5; end
if ~exist('T', 'var'), T = 3; end
S = zeros(m, 1);
for t = 1:T
  r = reshape(0:n-1, [m 1]);
  S = S + r + t;
end
fprintf('total %g\n', sum(S));
