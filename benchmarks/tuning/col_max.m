% Tuning benchmark (issue 17): max down the columns of a wide matrix.
if ~exist('n', 'var'), n = 192; end
if ~exist('m', 'var'), m = 131072; end
rng(2);
X = rand(n, m, 'single');
c = max(X, [], 1);
fprintf('RESULT_ok C=%.6e\n', sum(c) / m);
