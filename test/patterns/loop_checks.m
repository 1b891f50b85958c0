% Loop fusion with run-time checks in the body (patterns/lib/LoopFusion.cpp):
% an index field made inside the loop brings checks of extents the loop
% does not change (the reshape's element count, implicit expansion); they
% move before the loop, holding also when it runs no trip, and the loop
% becomes one kernel.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
if ~exist('p', 'var'), p = 16; end
if ~exist('C', 'var'), C = 8; end
if ~exist('T', 'var'), T = 4; end
W = zeros(p, C);
for t = 1:T
  rid = reshape(0:p-1, [p 1]);
  cid = reshape(0:C-1, [1 C]);
  x = mod(1664525 .* (rid .* C + cid + (t - 1) * p * C) + 1013904223, 4294967296) ./ 4294967296;
  W = W + 0.5 * x .* (sum(x .* x, 1) - sum(x .* W, 1));
end
fprintf('%g\n', sum(W(:)));
% REPORT: loop:
% REPORT-NEXT: scf.for {{.*}}loop_checks.m:12:1
% REPORT-NOT: loop: scf.for {{.*}}loop_checks.m:12:1
% The checks before the loop kernel, each or-ed with "no trip".
% IR: %[[NOTRIP:.*]] = arith.cmpi sle,
% IR: %[[HOLDS:.*]] = arith.ori %{{.*}}, %[[NOTRIP]] : i1
% IR: runmat.check %[[HOLDS]], "reshape changes the number of elements
% IR: runmat.kernel {{.*}}"scf.for {{.*}}loop_checks.m:12:1"
% IR-NOT: runmat.check
% IR: runmat.group_reduce
