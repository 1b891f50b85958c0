% Centered Gram (patterns/lib/CenteredGram.cpp): (A - mean(A, 1)).' *
% (A - mean(A, 1)) / s is one runmat.centered_gram; it gives the same numbers
% as the unfused program.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx > %t.fused.txt
% RUN: runmatc compile %s --fusion=off -o %t.off.rmx && runmat-run %t.off.rmx > %t.off.txt
% RUN: diff %t.fused.txt %t.off.txt
rng(1);
A = rand(300, 6);
mu = mean(A, 1);
C = A - mu;
G = (C.' * C) / (size(A, 1) - 1);
% Fires, but the centered matrix is also read elsewhere: it stays stored.
B = rand(50, 4);
D = B - mean(B, 1);
H = D.' * D;
t = sum(D(:) .^ 2);
% Not centered by column means: the means run along rows.
E = B - mean(B, 2);
K = E.' * E;
% Not the mean of the matrix itself.
F = B - mean(rand(50, 4), 1);
L = F.' * F;
% Not one matrix on both sides.
M = D.' * E;
fprintf('%.6g %.6g %.6g %.6g %.6g %.6g %.6g\n', G(1, 1), G(2, 5), H(3, 4), t, K(1, 2), L(4, 4), M(2, 1));
% REPORT: centered-gram:
% REPORT-NEXT: runmat.div {{.*}}centered_gram.m:13:15
% REPORT-NEXT: runmat.matmul {{.*}}centered_gram.m:13:10
% REPORT-NEXT: runmat.sub {{.*}}centered_gram.m:12:7
% REPORT-NEXT: runmat.reduce {{.*}}centered_gram.m:11:6
% REPORT: centered-gram:
% REPORT-NEXT: runmat.matmul {{.*}}centered_gram.m:17:9
% REPORT: rejected
% REPORT-DAG: centered-gram: runmat.matmul {{.*}}centered_gram.m:21:9
% REPORT-DAG: because what it subtracts is not the column mean (mean(A, 1))
% REPORT-DAG: centered-gram: runmat.matmul {{.*}}centered_gram.m:24:9
% REPORT-DAG: because what it subtracts is the mean of another matrix
% REPORT-DAG: centered-gram: runmat.matmul {{.*}}centered_gram.m:26:9
% REPORT-DAG: because it is not C.' * C of one matrix
% G: no kernel subtracts the mean from A; the Gram op reads A and mu.
% IR-NOT: runmat.kernel label "runmat.sub {{[^"]*}}centered_gram.m:12:7"
% IR: runmat.centered_gram
% IR: runmat.kernel label "runmat.sub {{[^"]*}}centered_gram.m:16:7"
% IR: runmat.centered_gram
% IR-NOT: runmat.centered_gram
