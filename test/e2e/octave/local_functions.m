% Local functions with several outputs, and concatenation of run-time values.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
if ~exist('n', 'var'), n = 8; end
x = sin(1:n) * k;
[lo, hi] = bounds2(x);
[m, s] = stats(x');
y = scaled(x, 3);
fprintf('%.10g\n', lo, hi, m, s, y);
h = [x(1:2), hi, lo];
v = [x(1:2)'; m; s];
fprintf('%.10g\n', h, v);
function [a, b] = bounds2(v)
  a = min(v);
  b = max(v);
end
function [m, s] = stats(v)
  m = mean(v);
  s = sqrt(mean((v - m).^2));
end
function y = scaled(v, k)
  y = v(1:k) * k;
end
