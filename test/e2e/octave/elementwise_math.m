% Elementwise functions.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
if ~exist('n', 'var'), n = 11; end
x = linspace(-2.5, 2.5, n) * k;
p = linspace(0.1, 3, 7) * k;
fprintf('%.10g\n', sqrt(p), exp(x), log(p), abs(x));
fprintf('%.10g\n', sin(x), cos(x), tan(x / 2), tanh(x));
fprintf('%.10g\n', floor(x), ceil(x), round(x), sign(x));
fprintf('%.10g\n', mod(x, 1.5), mod((-7:7) * k, 3), mod(5, 0), mod(-x, 2));
fprintf('%.10g\n', max(x, 0.3), min(x, -0.2), max(x, p(1:1)));
