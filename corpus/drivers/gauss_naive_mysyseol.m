% Driver for gauss_naive.m (mysyseol): the solution and the determinant.
A = [3 -0.1 -0.2; 0.1 7 -0.3; 0.3 -0.2 10];
b = [7.85; -19.3; 71.4];
[x, D] = gauss_naive(A, b);
fprintf('%.8f\n', x);
fprintf('%.8f\n', D);
x = gauss_naive([2 1; 0 3], [3; 3]);
fprintf('%.8f\n', x);
