% Driver for gauss_seidel.m (mattertater/schoolwork).
A = [4 -1 0; -1 4 -1; 0 -1 4];
b = [15; 10; 10];
[x, k] = gauss_seidel(A, b, zeros(3, 1), 1e-8, 100);
fprintf('%.8f\n', x);
fprintf('%d\n', k);
