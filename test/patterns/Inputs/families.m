% The program of test/patterns/families.test: a chain, its mean and variance,
% and two sibling reductions of it.
if ~exist('n', 'var'), n = 1000; end
x = rand(n, 1, 'single');
y = (x .* 2 + 1) ./ 3;
m = mean(y);
v = var(y);
s = sum(y); p = max(y);
fprintf('%g %g %g %g\n', m, v, s, p);
