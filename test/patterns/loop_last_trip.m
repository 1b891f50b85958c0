% Loop fusion with a per-column value of the last trip read after the loop
% (patterns/lib/LoopFusion.cpp): y = sum(x .* W, 1) reads W before its last
% update, so the final state cannot give it again. The loop kernel writes
% each column's y at every point of the column, and a max over the column
% reads it back (exact: the values are equal); that reduction joins the
% one that recomputes d from the final x (sibling reductions of one kernel's
% results), so the program is three kernels, as the suite's NLMS is.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
if ~exist('p', 'var'), p = 16; end
if ~exist('C', 'var'), C = 8; end
if ~exist('T', 'var'), T = 4; end
rng(0);
W = zeros(p, C, 'single');
for t = 1:T
  x = rand(p, C, 'single');
  d = sum(x .* x, 1);
  y = sum(x .* W, 1);
  W = W + 0.5 * x .* ((d - y) ./ (d + 1e-3));
end
err = d - y;
fprintf('%.6e\n', mean(err .^ 2));
fprintf('%.6e\n', mean((sum(x .* x, 1) - sum(x .* W, 1)) .^ 2));
% REPORT: loop:
% REPORT-NEXT: scf.for {{.*}}loop_last_trip.m:15:1
% REPORT-NOT: loop: scf.for {{.*}}loop_last_trip.m:15:1
% The loop kernel: W, x and y at every point.
% IR: %[[LOOP:.*]]:3 = runmat.kernel {{.*}}"scf.for {{.*}}loop_last_trip.m:15:1"
% IR: runmat.group_reduce
% The columns' d, y (max of equal values) and the final reductions, one kernel.
% IR: runmat.kernel {{.*}} ins(%[[LOOP]]#{{.*}}) maps {{.*}} reduce [0] combiners [{{.*}}max{{.*}}]
% IR-NOT: reduce [0] combiners
