% Driver for rk4.m (lqbrin/tea-time-numerical): y' = y - x^2 + 1, y(0) = 0.5 on [0, 2].
f = @(x, y) y - x.^2 + 1;
[y, x] = rk4(f, 0, 0.5, 2, 10);
fprintf('%.8f %.8f\n', [x; y]);
