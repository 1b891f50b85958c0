% The symmetric single-precision products A.' * A and the centered Gram
% product through gram_split16.comp (tensor cores on devices that have
% them), here in its emulation on lavapipe: the same tiling, row scales,
% two-half split, split-K and write-back as on the device. They agree with
% the CPU's BLAS in single precision: rows scaled by 1e6 and 1e-6 and an
% all-zero row (the row scales), sizes that are not multiples of a tile,
% a depth long enough to be split, and one that is not a multiple of 4
% (depths loaded one by one instead of as 16-byte quads). Rows holding an
% Inf or a NaN give what single precision gives (Inf, not Inf * 0 = NaN),
% and magnitudes near single's limits keep their precision.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: env RUNMAT_GPU_TENSOR_CORES=emulate runmat-run %t.rmx --device gpu --telemetry %t.json > %t.gpu
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 2e-5 %t.json gram matmul
% RUN: FileCheck %s < %t.json
% RUN: FileCheck %s --check-prefix=NONFINITE < %t.gpu
% The telemetry gives the schedule of each operation (matmul: A.' * A; gram: centered).
% CHECK: "schedule": "emulated tensor cores (16 x 16 x 16 half fragments, values split in two halves): 64 x 64 tiles of depth 16, 6 tiles on or above the diagonal; emulated tensor cores {{.*}}: 64 x 64 tiles of depth 16, 6 tiles on or above the diagonal, K split {{[0-9]+}} ways; emulated tensor cores {{.*}}: 64 x 64 tiles of depth 16, 3 tiles on or above the diagonal"
c = 1:150;
s = 1 + (c == 2) * (1e6 - 1) + (c == 3) * (1e-6 - 1) - (c == 4);
X = rand(5000, 150, 'single') .* single(s);
S = X.' * X;
fprintf('%.7g %.7g %.7g %.7g %.7g %.7g %.7g\n', sum(S(:)), S(150, 1), S(1, 150), S(2, 2), S(3, 3), S(3, 2), S(4, 4));
mu = mean(X, 1);
Xc = X - mu;
G = (Xc.' * Xc) / (5000 - 1);
fprintf('%.6g %.6g %.6g %.6g %.6g %.6g\n', sum(diag(G)), G(1, 1), G(150, 149), G(2, 2), G(3, 3), G(3, 1));
% 130 x 130 from a depth of 40000: the slices of K summed by splitk_sum.
Y = rand(40000, 130, 'single') - 0.5;
T = Y.' * Y;
fprintf('%.6g %.6g %.6g %.6g\n', sum(diag(T)), T(1, 1), T(130, 129), T(65, 64));
% 70 x 70 from a depth of 4999.
Z = rand(4999, 70, 'single');
U = Z.' * Z;
fprintf('%.6g %.6g %.6g\n', sum(U(:)), U(1, 70), U(70, 70));
% A row of Inf (column 2 of X) and one with a NaN (column 5).
c = 1:100;
s = 1 ./ (c ~= 2) + log(c ~= 5) - log(c ~= 5);
X = rand(300, 100, 'single') .* single(s);
S = X.' * X;
% NONFINITE: Inf Inf NaN NaN NaN
fprintf('%g %g %g %g %g\n', S(2, 2), S(1, 2), S(5, 5), S(5, 1), S(2, 5));
fprintf('%.6g %.6g\n', S(1, 1), S(100, 99));
Y = rand(300, 100, 'single') * 1e17;
T = Y.' * Y;
fprintf('%.6g %.6g\n', T(1, 1), T(1, 2));
Z = rand(300, 100, 'single') * 1e-15;
U = Z.' * Z;
fprintf('%.6g %.6g\n', U(1, 1), U(1, 2));
