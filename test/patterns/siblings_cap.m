% Sibling reductions stop merging when one kernel would compute more than
% 256 weighted operations a point (an elementary function counts 20): the
% GPU forms repeat the body 4 or 16 times, and sixty merged pows made a
% shader that took glslang minutes and crashed SPIRV-Tools. Here each sum
% of exp(x * k) weighs 21: twelve merge, the thirteenth starts a kernel.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx | FileCheck %s
% REPORT: kernels: {{[0-9]+}} before fusion, 4 after
% REPORT: rejected
% REPORT: sibling-reductions: runmat.reduce {{.*}}siblings_cap.m:14:6 with runmat.reduce {{.*}}siblings_cap.m:26:7
% REPORT-NEXT: because one kernel would compute 273 weighted operations a point (at most 256)
% CHECK: total 14
x = rand(100, 3) * 0;
s1 = sum(exp(x * 1), 1);
s2 = sum(exp(x * 2), 1);
s3 = sum(exp(x * 3), 1);
s4 = sum(exp(x * 4), 1);
s5 = sum(exp(x * 5), 1);
s6 = sum(exp(x * 6), 1);
s7 = sum(exp(x * 7), 1);
s8 = sum(exp(x * 8), 1);
s9 = sum(exp(x * 9), 1);
s10 = sum(exp(x * 10), 1);
s11 = sum(exp(x * 11), 1);
s12 = sum(exp(x * 12), 1);
s13 = sum(exp(x * 13), 1);
s14 = sum(exp(x * 14), 1);
fprintf('total %g\n', (s1(1) + s2(1) + s3(1) + s4(1) + s5(1) + s6(1) + s7(1) + s8(1) + s9(1) + s10(1) + s11(1) + s12(1) + s13(1) + s14(1)) / 100);
