% Driver for goldmin.m (mysyseol): golden-section minimisation, with extra parameters passed on.
f = @(x) x.^2/10 - 2*sin(x);
[x, fx, ea, iter] = goldmin(f, 0, 4);
fprintf('%.6f %.6f %d %d\n', x, fx, ea <= 1e-6, iter);
g = @(x, p) (x - p).^2 + 1;
[x, fx] = goldmin(g, 0, 5, 1e-8, 100, 2);
fprintf('%.6f %.6f\n', x, fx);
