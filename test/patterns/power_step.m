% Power-step normalisation (patterns/lib/PowerStep.cpp): Q = G*Q; Q = Q ./
% (sqrt(sum(Q.^2, 1)) + eps) is the product and one column-local kernel
% (the column sums as runmat.group_reduce), on the CPU and on the GPU
% (columns taller than a workgroup included), with the unfused numbers.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx --device cpu > %t.cpu.txt
% RUN: runmat-run %t.rmx --device gpu > %t.gpu.txt
% RUN: runmatc compile %s --fusion=off -o %t.off.rmx && runmat-run %t.off.rmx --device cpu > %t.off.txt
% RUN: diff %t.cpu.txt %t.off.txt
% RUN: diff %t.gpu.txt %t.off.txt
rng(4);
G = rand(700, 700, 'single') / 700;
Q = rand(700, 3, 'single');
for t = 1:4
  Q = G * Q;
  Q = Q ./ (sqrt(sum(Q .^ 2, 1)) + eps('single'));
end
% Not fused: the column sums are also read elsewhere.
P = G * rand(700, 2, 'single');
s = sum(P .^ 2, 1);
P = P ./ sqrt(s);
% Not fused: the sums run along rows.
R = G * rand(700, 2, 'single');
R = R ./ sum(R, 2);
fprintf('%.5g %.5g %.5g %.5g %.5g %.5g\n', Q(1, 1), Q(700, 3), sum(Q(:)), P(3, 2), s(1), R(5, 1));
% REPORT: power-step:
% REPORT-NEXT: runmat.div {{.*}}power_step.m:17:9
% REPORT: rejected
% REPORT-DAG: power-step: runmat.reduce {{.*}}power_step.m:21:5 into runmat.div {{.*}}power_step.m:22:7
% REPORT-DAG: because the reduction's result is also read elsewhere
% In the loop: the product, then one kernel whose body sums the column.
% IR-LABEL: func.func @power_step
% IR: scf.for %
% IR: runmat.matmul
% IR-NEXT: runmat.kernel label "runmat.div {{[^"]*}}power_step.m:17:9"
% IR: runmat.group_reduce sum {{.*}} dims [0] : f32
% IR: math.sqrt
% IR: arith.divf
% IR: scf.yield
