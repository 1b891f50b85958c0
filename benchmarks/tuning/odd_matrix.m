% Tuning benchmark (issue 17): elementwise work over a matrix of odd extents,
% its column means and its overall mean.
if ~exist('n', 'var'), n = 3001; end
if ~exist('m', 'var'), m = 2999; end
rng(5);
B = rand(n, m);
C = exp(-B) .* B + 0.5;
mu = mean(C, 1);
fprintf('RESULT_ok C=%.6e MU=%.6e\n', sum(sum(C)) / (n * m), sum(mu) / m);
