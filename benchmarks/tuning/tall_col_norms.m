% Tuning benchmark (issue 17): column norms of a tall matrix with few columns.
if ~exist('n', 'var'), n = 2000000; end
if ~exist('m', 'var'), m = 12; end
rng(8);
X = rand(n, m, 'single') - 0.5;
c = sqrt(sum(X .^ 2, 1));
fprintf('RESULT_ok C=%.6e\n', sum(c) / m);
