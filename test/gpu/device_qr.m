% The device QR (qr.comp) gives the CPU's Q and R (LAPACK's conventions):
% 40 columns of doubles and 64 of singles, both too large for its shared
% memory, and a small matrix in shared memory; Q' * Q is the identity and
% Q * R gives A back.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu --telemetry %t.json > %t.gpu
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5 %t.json qr
% RUN: FileCheck %s < %t.gpu
% CHECK: orthonormal 1 1
% CHECK: reconstructs 1
[Q, R] = qr(rand(500, 40), 'econ');
G = Q' * Q;
fprintf('%.10g %.10g %.10g\n', sum(abs(Q(:))), abs(R(1, 1)), abs(R(40, 40)));
fprintf('orthonormal %d %d\n', abs(sum(diag(G)) - 40) < 1e-10, abs(sum(abs(G(:))) - 40) < 1e-9);
[Q2, R2] = qr(rand(2000, 64, 'single'), 'econ');
fprintf('%.5g %.5g %.5g\n', sum(abs(Q2(:))), abs(R2(1, 1)), abs(R2(64, 64)));
A = rand(300, 5);
[Q3, R3] = qr(A, 'econ');
E = Q3 * R3 - A;
fprintf('reconstructs %d\n', max(abs(E(:))) < 1e-12);
fprintf('%.10g %.10g %.10g %.10g\n', R3(2, 1), R3(1, 2), R3(2, 5), Q3(7, 3));
