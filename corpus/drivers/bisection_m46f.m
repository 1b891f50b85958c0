% Driver for bisection.m (M46F/t2_anum): the fixed point of cos.
c = bisection(@(x) cos(x) - x, 0, 1, 1e-10);
fprintf('%.10f\n', c);
