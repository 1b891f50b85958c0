% Generic elementwise and map-reduce fusion (patterns/lib/ElementwiseFusion.cpp).
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
% RUN: runmatc compile %s --fusion=off --report -o %t.off.rmx | FileCheck %s --check-prefix=OFF
x = rand(100, 3);
% A chain with implicit expansion: one kernel, nothing stored between.
y = exp(x - mean(x, 1)) .* 2 + 1;
% A reduction fuses its elementwise producer (map-reduce).
s = sum(y .^ 2, 1);
% A draw read by two kernels is stored, not drawn twice.
r = rand(100, 1);
a = sum(r .* 3);
b = max(r - 1);
% A cheap producer read by two kernels is computed again in each.
c = x + 1;
p = sum(c .* 2, 1);
q = max(c, [], 1);
fprintf('%g %g %g %g %g %g\n', s(1), a, b, p(1), q(1), y(1));
% REPORT: kernels: 17 before fusion, 6 after
% REPORT: elementwise:
% REPORT-NEXT: runmat.exp {{.*}}elementwise.m:7:5
% REPORT: elementwise:
% REPORT: elementwise:
% REPORT-NEXT: runmat.add {{.*}}elementwise.m:7:30
% REPORT-NEXT: runmat.mul {{.*}}elementwise.m:7:25
% REPORT-NEXT: runmat.exp {{.*}}elementwise.m:7:5
% REPORT-NEXT: runmat.sub {{.*}}elementwise.m:7:11
% REPORT: map-reduce:
% REPORT-NEXT: runmat.reduce {{.*}}elementwise.m:9:5
% REPORT-NEXT: runmat.pow {{.*}}elementwise.m:9:11
% REPORT: runmat.reduce {{.*}}elementwise.m:16:5
% REPORT-NEXT: runmat.mul {{.*}}elementwise.m:16:11
% REPORT-NEXT: runmat.add {{.*}}elementwise.m:15:7
% REPORT: runmat.reduce {{.*}}elementwise.m:17:5
% REPORT-NEXT: runmat.add {{.*}}elementwise.m:15:7
% REPORT: sibling-reductions:
% REPORT-NEXT: runmat.reduce {{.*}}elementwise.m:7:13
% REPORT-NEXT: runmat.reduce {{.*}}elementwise.m:16:5
% REPORT: rejected (5):
% REPORT-DAG: elementwise: runmat.rand {{.*}}elementwise.m:5:5{{$}}
% REPORT-DAG: because a random draw read by several kernels is stored rather than drawn again
% REPORT-DAG: elementwise: runmat.reduce {{.*}}elementwise.m:7:13{{$}}
% REPORT-DAG: because the producer is a reduction: its result needs every point
% REPORT-DAG: elementwise: runmat.add {{.*}}elementwise.m:7:30{{$}}
% REPORT-DAG: because its result is also used outside kernels, so it is stored anyway
% REPORT-DAG: elementwise: runmat.rand {{.*}}elementwise.m:11:5{{$}}
% mean(x, 1) and the column sums and maxima of c = x + 1 all reduce x over
% dimension 1: siblings, one kernel; c is recomputed in it, no kernel of
% its own.
% IR-NOT: runmat.kernel label "runmat.add {{.*}}elementwise.m:15:7"
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}elementwise.m:7:13"
% IR-SAME: combiners [sum, sum, max]
% IR-SAME: "runmat.reduce {{.*}}elementwise.m:16:5"
% IR-SAME: "runmat.reduce {{.*}}elementwise.m:17:5"
% The chain y: one map kernel computing sub, exp, mul and add.
% IR: runmat.kernel label "runmat.add {{[^"]*}}elementwise.m:7:30"
% IR: arith.subf
% IR-NEXT: math.exp
% IR-NEXT: arith.mulf
% IR-NEXT: arith.addf
% IR-NEXT: runmat.yield
% y.^2 with a constant 2 is y*y (exact), inside the reduction.
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}elementwise.m:9:5"
% IR-NOT: math.powf
% IR: arith.mulf %[[Y:.*]], %[[Y]] : f64
% The draw r: its own kernel (stored), read by both reductions, which are
% siblings: one kernel.
% IR: runmat.kernel label "runmat.rand {{[^"]*}}elementwise.m:11:5"
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}elementwise.m:12:5"
% IR-SAME: combiners [sum, max]
% IR-NOT: runmat.kernel label "runmat.add {{.*}}elementwise.m:15:7"
% OFF: fusion is off (--fusion=off): 17 kernels, one per operation
