% Tuning benchmark (issue 17): an elementwise chain over an odd extent, then its sum.
if ~exist('n', 'var'), n = 20000003; end
rng(4);
x = rand(n, 1, 'single');
y = sqrt(abs(sin(x) .* 3 - x .^ 2 + 1));
fprintf('RESULT_ok Y=%.6e\n', sum(y) / n);
