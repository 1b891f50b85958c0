% Loop fusion (patterns/lib/LoopFusion.cpp): a loop whose body updates its
% state element by element, or column by column, becomes one kernel with
% the loop inside.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
rng(0);
S = ones(1000, 1);
for t = 1:50
  S = S .* exp(0.01 * randn(1000, 1));
end
% Column-local: each step reads a per-column reduction of the state.
V = ones(100, 1);
for t = 1:5
  V = V - mean(V) + rand(100, 1);
end
% Not local at all: the state is read shifted.
W = ones(10, 1);
for t = 1:3
  W = [W(2:end); 0] + 1;
end
% Not column-local: the reduction runs along rows (dimension 2).
R = ones(4, 6);
for t = 1:3
  R = R - sum(R, 2) / 10;
end
% Not column-local: a per-column value is read at other columns.
P = ones(5, 3);
for t = 1:3
  m = sum(P, 1);
  P = P + m(end:-1:1) / 100;
end
% Not one kernel: two states of different shapes.
X = ones(4, 6);
Y = ones(3, 6);
for t = 1:3
  X = X + 1;
  Y = Y * 2;
end
fprintf('%g %g %g %g %g %g\n', mean(S), sum(V), sum(W), sum(R(:)), sum(P(:)), sum(X(:)) + sum(Y(:)));
% REPORT: loop:
% REPORT-NEXT: scf.for {{.*}}loop.m:8:1
% REPORT: loop:
% REPORT-NEXT: scf.for {{.*}}loop.m:13:1
% REPORT-NEXT: runmat.reduce {{.*}}loop.m:14:11
% REPORT: rejected
% REPORT-DAG: loop: scf.for {{.*}}loop.m:18:1
% REPORT-DAG: because its body has runmat.slice, which a kernel cannot run
% REPORT-DAG: loop: scf.for {{.*}}loop.m:23:1
% REPORT-DAG: because its reductions run over other dimensions than the first; column-local fusion needs per-column reductions (sum(x, 1))
% REPORT-DAG: loop: scf.for {{.*}}loop.m:28:1
% REPORT-DAG: because its body has runmat.reshape, which a kernel cannot run
% REPORT-DAG: loop: scf.for {{.*}}loop.m:35:1
% REPORT-DAG: because its kernels do not share one iteration space
% The second loop: a map kernel over the column whose time loop sums the
% column in place, then updates each element; the sum after the loop is
% its own kernel (a consumer cannot take in a column-local body).
% IR: runmat.kernel label "runmat.add {{[^"]*}}loop.m:14:19" space(%c100, %c1)
% IR-SAME: "scf.for {{.*}}loop.m:13:1"
% IR: scf.for
% IR: runmat.group_reduce sum {{.*}} dims [0] : f64
% IR: runmat.random uniform
% IR: scf.yield
% The first loop and the mean after it: one reduction kernel whose body
% runs the time loop (the draws inside it).
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}loop.m:39:32"
% IR-SAME: "scf.for {{.*}}loop.m:8:1"
% IR: scf.for
% IR: runmat.random normal
% IR: math.exp
% IR: scf.yield
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}loop.m:39:41"
% IR-SAME: ins(%{{[0-9]+}} :
