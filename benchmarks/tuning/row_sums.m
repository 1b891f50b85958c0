% Tuning benchmark (issue 17): a reduction along dimension 2 of a tall matrix.
if ~exist('n', 'var'), n = 8192; end
if ~exist('m', 'var'), m = 4096; end
rng(1);
X = rand(n, m, 'single');
s = sum(X, 2);
fprintf('RESULT_ok S=%.6e\n', sum(s) / (n * m));
