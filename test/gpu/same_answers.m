% The same artifact gives the same printed answers on the CPU and on the GPU
% (lavapipe here): random streams, reductions over any dimensions, NaN
% handling, logical data, double precision, matrix products (transposed,
% symmetric), QR.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu > %t.gpu
% RUN: diff %t.cpu %t.gpu
% RUN: FileCheck %s < %t.gpu
% CHECK: rand 0.50
% CHECK: nan 1 4 NaN
if ~exist('n', 'var'), n = 300; end
rng(7);
a = rand(n, 40, 'single');
b = randn(40, 7);
fprintf('rand %.2f\n', mean(a(:)));
fprintf('%.5g %.5g %.5g\n', sum(sum(a, 1)), sum(mean(a, 2)), mean(a, 'all'));
t = rand(5, 6, 7);
fprintf('%.5g ', sum(t, [1 3])); fprintf('\n');
fprintf('%.5g ', max(t, [], 3)); fprintf('\n');
fprintf('%.5g ', min(t, [], 2)); fprintf('\n');
fprintf('%.5g ', prod(t(:, 1:2, 1), 1)); fprintf('\n');
v = [1 NaN 4 -2];
fprintf('nan %g %g %g\n', max(v) - 3, max(v), sum(v));
l = a > 0.5;
fprintf('%d %d\n', sum(l(:)), sum(sum(l & (a < 0.7))));
G = double(a)' * double(a) / n;
fprintf('%.6g %.6g\n', sum(diag(G)), G(3, 5) - G(5, 3));
P = double(a(1:40, :)) * b;
fprintf('%.6g %.6g\n', sum(P(:)), sqrt(sum(P(:) .^ 2)));
[Q, R] = qr(double(a) * b, 'econ');
fprintf('%.6g %.6g %.6g\n', abs(R(1, 1)), abs(sum(sum((Q' * Q) .^ 2)) - 7) < 1e-10, sum(abs(diag(R))));
w = a(end:-1:1, 2);
fprintf('%.6g\n', sum(w .* (1:n)'));
% A first dimension of 3 points: the CPU draws dimensions 0 and 1 as one run.
w = rand(3, 50, 4, 'single');
fprintf('%.7g ', w(1:7), w(3, 50, 4), sum(w(:))); fprintf('\n');
% Draws broadcast into a larger kernel: neighbouring GPU points fall in
% different Philox blocks (the jammed form compares blocks at run time).
y = rand(5, 1, 'single') + zeros(5, 3, 'single');
z = randn(7, 1) .* ones(1, 3);
fprintf('%.7g ', y(:, 2), z(:, 3), sum(y(:)), sum(z(:))); fprintf('\n');
