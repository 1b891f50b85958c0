% A small program for the tuning tests (test/gpu/tuning.test): a map, a
% column reduction with a flat form and a full reduction.
if ~exist('n', 'var'), n = 20000; end
rng(3);
x = rand(n, 4, 'single');
y = exp(x) .* 2 - x;
s = sum(y, 1);
t = sum(sum(y .* y));
fprintf('%.6g %.6g %.6g %.6g %.6g\n', s, t);
