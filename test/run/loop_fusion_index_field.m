% A time loop reading an index field built before it (reshape(0:M-1, [M 1]))
% fuses into one kernel: the field's extent is the reshape's, read before
% the loop, so the state's shape provably does not change.
% RUN: runmatc compile %s -o %t.rmx --report 2>&1 | FileCheck %s
% RUN: runmat-run %t.rmx -p M=4 -p T=3 | FileCheck %s --check-prefix=OUT
% CHECK: kernels: 11 before fusion, 1 after
% CHECK-NOT: rejected{{.*}}loop
% OUT: 1.0737
if ~exist('M', 'var'), M = 1000; end
if ~exist('T', 'var'), T = 8; end
S = ones(M, 1);
rid = reshape(0:M-1, [M 1]);
for t = 1:T
  u = mod(1664525.0 .* (rid + t * M) + 1013904223.0, 4294967296.0) ./ 4294967296.0;
  S = S .* (1 + 0.1 * u);
end
fprintf('%.4f\n', mean(S));
