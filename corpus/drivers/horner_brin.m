% Driver for horner.m (lqbrin/tea-time-numerical): p(x) = 1 - 3x + 2x^3 and p'(x) at x = 2 and 0.5.
[p, dp] = horner(2, [1 -3 0 2]);
fprintf('%g %g\n', p, dp);
[p, dp] = horner(0.5, [1 -3 0 2]);
fprintf('%g %g\n', p, dp);
