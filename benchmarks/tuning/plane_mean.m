% Tuning benchmark (issue 17): the mean along dimension 3 of a stack of planes.
if ~exist('n', 'var'), n = 512; end
if ~exist('p', 'var'), p = 96; end
rng(3);
A = rand(n, n, p, 'single');
M = mean(A, 3);
fprintf('RESULT_ok M=%.6e\n', sum(sum(M)) / (n * n));
