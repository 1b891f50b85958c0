% Tuning benchmark (issue 17): the largest magnitude along dimension 2 of a short, very wide matrix.
if ~exist('n', 'var'), n = 16; end
if ~exist('m', 'var'), m = 500000; end
rng(7);
X = rand(n, m, 'single') - 0.5;
r = max(abs(X), [], 2);
fprintf('RESULT_ok R=%.6e\n', sum(r) / n);
