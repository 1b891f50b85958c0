% Driver for lagrange_interpolation.m (mysyseol).
xd = [1 2 4 5];
yd = [0 2 12 21];
fprintf('%.8f\n', lagrange_interpolation(xd, yd, 3));
fprintf('%.8f\n', lagrange_interpolation(xd, yd, 4.5));
