% Large matrix products on the GPU (matmul.comp's 128 x 128 tiles) agree
% with the CPU's BLAS: sizes that are not multiples of a tile or of its
% depth, a transposed operand, the symmetric A.' * A, the centered Gram
% product.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu --telemetry %t.json > %t.gpu
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 2e-5 %t.json matmul gram
% RUN: FileCheck %s < %t.json
% The telemetry says which kernel ran each product.
% CHECK-DAG: "schedule": "tiled kernel: 128 x 128 tiles of depth 8, 3 tiles on or above the diagonal"
% CHECK-DAG: "schedule": "tiled kernel: 128 x 128 tiles of depth 8, 6 tiles; tiled kernel: 128 x 128 tiles of depth 8, 4 tiles; tiled kernel: 128 x 128 tiles of depth 8, 3 tiles on or above the diagonal"
A = rand(300, 203, 'single');
B = rand(203, 250, 'single');
C = A * B;
fprintf('%.7g %.7g %.7g\n', sum(C(:)), C(1, 1), C(300, 250));
D = rand(1100, 130).' * rand(1100, 140);
fprintf('%.12g %.12g %.12g\n', sum(D(:)), D(130, 1), D(1, 140));
X = rand(5000, 150, 'single');
S = X.' * X;
fprintf('%.7g %.7g %.7g\n', sum(S(:)), S(150, 1), S(1, 150));
mu = mean(X, 1);
Xc = X - mu;
G = (Xc.' * Xc) / (5000 - 1);
fprintf('%.6g %.6g %.6g\n', sum(diag(G)), G(1, 1), G(150, 149));
