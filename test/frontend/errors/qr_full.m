% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: qr_full.m:4:10: error: qr(X) in its full form is not supported by runmatc; use qr(X, 'econ') or qr(X, 0)
A = rand(4, 3);
[Q, R] = qr(A);
