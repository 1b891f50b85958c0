% Driver for romberg.m and compositeTrapezoidal.m (lqbrin/tea-time-numerical).
I = romberg(@(x) exp(-x.^2), 0, 1, 1e-10);
fprintf('%.10f\n', I);
fprintf('%.10f\n', compositeTrapezoidal(@(x) sin(x), 0, pi, 64));
