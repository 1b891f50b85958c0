% Driver for fir.m (wg88719/heart_rate_monitor): a 3-tap filter with its state.
b = [0.25 0.5 0.25];
[y, z] = fir(b, [1 2 3 4 5 4 3 2 1], zeros(3, 1));
disp(y)
disp(z')
