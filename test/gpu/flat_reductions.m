% The flat form of reductions (GlslKernel.cpp, docs/gpu.md) gives the CPU's
% results: full reductions whose point count is not a multiple of 4 (the
% tail), 2 and 16 kept rows, inputs read once per slot that vary along a
% reduced dimension (the standardised sum), max and min over NaN, prod, an
% infinite sum, kept columns with several residues each (Q = 256 for 64
% outputs), a kept middle dimension, a long run of several trips, and the
% largest Q (1024 residues of an input read once per slot; 512 kept rows). Rows
% that do not divide 4 x 256 (3) take the split form.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu -v > %t.gpu 2> %t.err
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5
% RUN: FileCheck %s --check-prefix=FORM < %t.err
% FORM: flat_reductions.m:30:35 (flat: 2 residues,
% FORM: flat_reductions.m:30:46 (flat: 1 residue,
% FORM: flat_reductions.m:33:6 (flat: 16 residues,
% FORM: flat_reductions.m:36:32 (flat: 16 residues,
% FORM: flat_reductions.m:38:41 (4 outputs x 64 lanes
% FORM: flat_reductions.m:43:33 (flat: 8 residues,
% FORM: flat_reductions.m:45:24 (flat: 4 residues,
% FORM: flat_reductions.m:50:6 (flat: 256 residues,
% FORM: flat_reductions.m:53:5 (flat: 32 residues,
% FORM: flat_reductions.m:56:34 (flat: 1 residue,
% FORM: flat_reductions.m:59:30 (flat: 1024 residues,
% FORM: flat_reductions.m:61:33 (flat: 512 residues,
rng(7);
x = rand(1, 1001, 'single');
fprintf('all %.7g %.7g %.7g\n', sum(x), sum(double(x)), x(5));
A = rand(2, 999, 'single');
fprintf('pairs %.7g %.7g %.7g\n', sum(A, 2), sum(sum(A, 1)));
B = rand(16, 300, 7, 'single');
mu = mean(mean(B, 2), 3);
s2 = mean(mean((B - mu).^2, 2), 3);
fprintf('stats %.7g %.7g\n', [mu, s2]');
Z = (B - mu) ./ sqrt(s2);
fprintf('standardised %.7g\n', sum(Z(:) .^ 2));
C = rand(3, 500, 'single');
fprintf('threes %.7g %.7g %.7g %.7g\n', sum(C, 2), sum(sum(C, 1)));
M = rand(8, 1000, 'single');
M = M + sqrt(M - 0.002) - sqrt(M - 0.002);
D = rand(8, 1, 'single') - 2 * ((1:8)' == 5);
M = M + sqrt(D) - sqrt(D);
fprintf('max %.7g min %.7g\n', [max(M, [], 2), min(M, [], 2)]');
R = 1 + rand(4, 100, 'single') * 1e-3;
fprintf('prod %.7g\n', prod(R, 2), prod(prod(R, 1)));
I = rand(1, 4000, 'single');
I = I + 1 ./ (I - I + ((1:4000) == 77)) - 1;
fprintf('inf %g %.7g\n', sum(I), I(3));
W = rand(4, 64, 'single');
S1 = sum(W, 1);
fprintf('columns %.7g %.7g %.7g %.7g\n', sum(S1), max(S1), min(S1), sum(W(:)));
V = rand(4, 8, 50, 'single');
S = sum(sum(V, 1), 3);
fprintf('middle %.7g\n', S, sum(V(:)));
L = rand(600, 500, 'single');
fprintf('long %.7g %.7g %.7g\n', sum(L(:)), sum(L(:) .* L(:)), sum(sum(L, 2)));
X = rand(1024, 8, 'single') * rand(8, 300, 'single');
v = rand(1024, 1, 'single');
fprintf('q1024 %.7g %.7g\n', sum(sum(X .* v)), max(max(X - v)));
Y = rand(512, 8, 'single') * rand(8, 200, 'single');
fprintf('q512 %.7g %.7g\n', sum(sum(Y, 2)), max(sum(Y, 2)));
