% Tuning benchmark (issue 17): root mean squares along dimension 2 of a short, very wide matrix.
if ~exist('n', 'var'), n = 24; end
if ~exist('m', 'var'), m = 1000000; end
rng(6);
X = rand(n, m, 'single') - 0.5;
r = sqrt(mean(X .^ 2, 2));
fprintf('RESULT_ok R=%.6e\n', sum(r) / n);
