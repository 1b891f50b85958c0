% Driver for secant.m (mysyseol): a root of x^3 - 2x - 5, with and without the optional inputs.
[x, f, iter] = secant(@(x) x.^3 - 2*x - 5, 2, 3);
fprintf('%.8f %d %d\n', x, abs(f) < 1e-6, iter);
x = secant(@(x) exp(x) - 3, 1);
fprintf('%.8f\n', x);
