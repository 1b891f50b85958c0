% Driver for bisection.m (etai-shuchatowitz/assignment-1): the cube root of 2.
f = @(x, p) x.^3 - p;
xc = bisection(f, 0, 3, 1e-10, 2);
fprintf('%.10f\n', xc);
fprintf('%.10f\n', bisection(f, 1, 4, 1e-8, 10));
