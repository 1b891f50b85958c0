% Driver for naturalCubicSpline.m (lqbrin/tea-time-numerical): a spline through exp at 0..3.
x = [0 1 2 3];
y = [1 2.7183 7.3891 20.0855];
[a, b, c, d] = naturalCubicSpline(x, y);
fprintf('%.6f %.6f %.6f %.6f\n', [a; b; c; d]);
