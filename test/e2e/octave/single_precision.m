% Single precision arithmetic and small reductions.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
if ~exist('n', 'var'), n = 16; end
x = single(sin(1:n) * k);
y = x .* single(2.5) + 1;
s = sum(y);
m = mean(x .^ 2);
fprintf('%.6g\n', y, s, m, max(x), min(x));
z = double(x) - double(single(x));
fprintf('%g\n', max(abs(z)));
