% Matrix products with at most 16 columns (matmul_narrow.comp on the GPU)
% agree with the CPU's BLAS: row counts that are not multiples of the
% workgroup's 32, depths that are not multiples of the lanes' 8 x 4, a
% transposed left operand, single and double precision, 1 and 16 columns,
% and short products (fewer rows per workgroup: 8, then 4, so that there
% are enough workgroups).
% The device QR (qr.comp) runs on what they give, and on a matrix too large
% for its shared memory.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu --telemetry %t.json > %t.gpu
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 2e-5 %t.json matmul qr
% RUN: FileCheck %s < %t.gpu
% RUN: FileCheck %s --check-prefix=SCHEDULE < %t.json
% CHECK: narrow 1000 8
% The telemetry says which kernel ran each product.
% SCHEDULE-DAG: "schedule": "narrow kernel: 8 columns, 63 workgroups{{.*}}; narrow kernel: 16 columns, 63 workgroups{{.*}}; narrow kernel: 1 column, 6 workgroups of 8 rows x 32 lanes of K; narrow kernel: 3 columns, 5 workgroups of 4 rows x 64 lanes of K
% SCHEDULE-DAG: "schedule": "one workgroup of {{[0-9]+}} invocations, the matrix in shared memory; one workgroup of {{[0-9]+}} invocations, the matrix in device memory"
A = rand(1000, 333, 'single');
B = rand(333, 8, 'single');
C = A * B;
fprintf('narrow %d %d\n', size(C, 1), size(C, 2));
fprintf('%.7g %.7g %.7g\n', sum(C(:)), C(1, 1), C(1000, 8));
At = rand(77, 1001);
D = At.' * rand(77, 16);
fprintf('%.12g %.12g %.12g\n', sum(D(:)), D(1, 16), D(1001, 1));
E = rand(45, 1027) * rand(1027, 1);
fprintf('%.12g %.12g\n', sum(E), E(45));
F = rand(20, 300) * rand(300, 3);
fprintf('%.12g %.12g %.12g\n', sum(F(:)), F(1, 1), F(20, 3));
[Q, R] = qr(C, 'econ');
fprintf('%.6g %.6g %.6g\n', sum(abs(Q(:))), abs(R(1, 1)), abs(R(8, 8)));
% Too large for the QR's shared memory (3000 x 9 singles): in device memory.
[Q2, R2] = qr(rand(3000, 9, 'single'), 'econ');
fprintf('%.6g %.6g %.6g\n', sum(abs(Q2(:))), abs(R2(1, 1)), abs(R2(9, 9)));
