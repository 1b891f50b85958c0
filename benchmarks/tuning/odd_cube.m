% Tuning benchmark (issue 17): an elementwise chain over a block of odd extents, summed along dimension 3.
if ~exist('a', 'var'), a = 257; end
if ~exist('b', 'var'), b = 255; end
if ~exist('c', 'var'), c = 33; end
rng(9);
V = rand(a, b, c, 'single');
W = sum(V .* (1 - V) + 0.25, 3);
fprintf('RESULT_ok W=%.6e\n', sum(sum(W)) / (a * b));
