% Loop fusion (patterns/lib/LoopFusion.cpp): a loop whose body updates its
% state element by element becomes one kernel with the loop inside.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
rng(0);
S = ones(1000, 1);
for t = 1:50
  S = S .* exp(0.01 * randn(1000, 1));
end
% Not element-local: each step reads a reduction of the state.
V = ones(100, 1);
for t = 1:5
  V = V - mean(V) + rand(100, 1);
end
% Not element-local: the state is read shifted.
W = ones(10, 1);
for t = 1:3
  W = [W(2:end); 0] + 1;
end
fprintf('%g %g %g\n', mean(S), sum(V), sum(W));
% REPORT: loop:
% REPORT-NEXT: scf.for {{.*}}loop.m:7:1
% REPORT: rejected
% REPORT-DAG: loop: scf.for {{.*}}loop.m:12:1
% REPORT-DAG: because its body reduces (runmat.reduce {{.*}}loop.m:13:11); column-local loop fusion is not implemented
% REPORT-DAG: loop: scf.for {{.*}}loop.m:17:1
% The whole first loop and the mean after it: one reduction kernel whose
% body runs the time loop (the draws inside it).
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}loop.m:20:23"
% IR-SAME: "scf.for {{.*}}loop.m:7:1"
% IR: scf.for
% IR: runmat.random normal
% IR: math.exp
% IR: scf.yield
