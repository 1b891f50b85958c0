% Comparisons and logical operators give logical values; counts use sum.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
if ~exist('n', 'var'), n = 10; end
x = sin(1:n) * k;
y = cos(1:n) * k;
fprintf('%d ', x > y, x >= 0, x < -0.5, x <= y, x == x, x ~= y);
fprintf('\n');
p = x > 0 & y > 0;
q = x > 0 | y > 0;
r = ~p;
fprintf('%d %d %d\n', sum(p), sum(q), sum(r));
if x(2) > 0 && y(3) < 0
  fprintf('both\n');
end
if x(4) > 0 || y(1) > 0
  fprintf('either\n');
end
z = double(x > 0) + (y < 0);
fprintf('%g ', z);
fprintf('\n');
