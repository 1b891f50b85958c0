% Explained variance (patterns/lib/ExplainedVariance.cpp): diag(X * Y)
% becomes column dot products, so the k x k product is never computed; the
% numbers stay those of the unfused program.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx > %t.fused.txt
% RUN: runmatc compile %s --fusion=off -o %t.off.rmx && runmat-run %t.off.rmx > %t.off.txt
% RUN: diff %t.fused.txt %t.off.txt
rng(2);
G = rand(40, 40);
Q = rand(40, 3);
% (Q.' * G) * Q, as MATLAB groups it: G.' * Q, then the column dots.
a = diag(Q.' * G * Q);
% Q.' * (G * Q): G * Q, then the column dots.
b = diag(Q.' * (G * Q));
% Not a product.
c = diag(G);
% Not known to be square: the diagonal of a 2 x 5 product.
X = rand(4, 2);
Y = rand(4, 5);
d = diag(X.' * Y);
% Rows of a plain matrix times a matrix: the rows are not computed columns.
e = diag(G * rand(40, 40));
fprintf('%.6g %.6g %.6g %.6g %.6g %d\n', a(2), b(3), c(5), d(2), e(7), abs(sum(a) - sum(b)) < 1e-9 * sum(a));
% REPORT: explained-variance:
% REPORT-NEXT: runmat.diag_extract {{.*}}explained_variance.m:13:5
% REPORT: explained-variance:
% REPORT-NEXT: runmat.diag_extract {{.*}}explained_variance.m:15:5
% REPORT: rejected
% REPORT-DAG: explained-variance: runmat.diag_extract {{.*}}explained_variance.m:17:5
% REPORT-DAG: because its matrix is not a product
% REPORT-DAG: explained-variance: runmat.diag_extract {{.*}}explained_variance.m:21:5
% REPORT-DAG: because the product is not known to be square
% REPORT-DAG: explained-variance: runmat.diag_extract {{.*}}explained_variance.m:23:5
% REPORT-DAG: because the product's left operand is neither transposed nor a product
% a: G.' * Q (a 40 x 3 product), then one kernel summing its product with Q.
% IR: runmat.matmul %{{.*}}, %{{.*}} {transpose_lhs} : tensor<40x40xf64>, tensor<40x3xf64> -> tensor<40x3xf64>
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}explained_variance.m:13:5"
% IR-SAME: reduce [0] combiners [sum]
% IR-NOT: tensor<3x3xf64>
