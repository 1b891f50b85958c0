% rem, atan2, hypot, log1p, expm1, atan, asin, acos, sinh, cosh: elementwise
% in kernels (vectors) and on the host (scalars), against Octave.
x = [-3.5 -1 -0.5 -1e-10 0 1e-12 0.3 2 7.25 50];
y = [2 -3 0.1 8 4 -2.5 0.1 3 -2 7];
fprintf('rem %.12g\n', rem(x, y));
fprintf('rem0 %g\n', rem(x(1:3), 0));
fprintf('rem scalars %g %g %g %g\n', rem(0.3, 0.1), rem(-7, 3), rem(7, -3), rem(10, 4));
p = x(3:end);
fprintf('log1p %.12g\n', log1p(p));
fprintf('expm1 %.12g\n', expm1(x));
fprintf('atan %.12g\n', atan(x));
z = [-1 -0.9 -0.5 -1e-9 0 0.25 0.99 1];
fprintf('asin %.12g\n', asin(z));
fprintf('acos %.12g\n', acos(z));
fprintf('sinh %.12g\n', sinh(x));
fprintf('cosh %.12g\n', cosh(x));
fprintf('atan2 %.12g\n', atan2(y, x));
fprintf('atan2 special %.12g\n', atan2([0 0 1 -1 Inf -Inf Inf 2], [1 -1 0 0 Inf Inf -Inf -Inf]));
fprintf('hypot %.12g\n', hypot(x, y));
fprintf('hypot special %g\n', hypot([3 Inf 0 1e200 -5], [4 NaN 0 1e200 12]));
fprintf('small %.15g %.15g %.15g %.15g\n', log1p(1e-10), expm1(1e-10), sinh(1e-5), atan(1e-5));
s = 0.75;
fprintf('host %.12g %.12g %.12g %.12g %.12g\n', atan2(s, -2), hypot(s, 1), rem(s * 10, 4), log1p(s), acos(s));
m = reshape(1:12, 3, 4) / 7;
fprintf('matrix %.12g\n', sum(atan2(m, m(end:-1:1, :)) * ones(4, 1)));
fprintf('single %.5g\n', double(atan(single([0.5 2 -30]))));
r = rand(4, 1);
