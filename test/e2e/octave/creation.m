% Creation functions, constants and conversions.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
if ~exist('n', 'var'), n = 3; end
z = zeros(2, n);
o = ones(3, 2, 'single') * k;
i1 = Inf(1, 2);
n1 = NaN(2, 1);
t = true(1, 3);
f = false(2);
l = linspace(0, k, 5);
c = colon(1, 3);
r = 10:-3:1;
e = 0:0.1:0.5;
fprintf('%g ', z, o, i1, n1, t, f);
fprintf('\n%.10g ', l, c, r, e, pi, eps, eps('single'));
fprintf('\n%d %d\n', size(ones(3)), size(zeros(2, 3, 'like', o)));
fprintf('%g ', double(single(0.1)) - 0.1 ~= 0, logical([2 0 -1]), single(3.7));
fprintf('\n');
m = [1 2; 3 4] * k;
w = [m, m'; 5 * m, -m];
fprintf('%g ', w);
fprintf('\n');
