% Driver for jacobi.m (JiangXingRu/Numerical-Analysis): row or column inputs, default tolerance.
A = [10 -1 2; -1 11 -1; 2 -1 10];
y = jacobi(A, [6 25 -11], [0 0 0], 1e-10);
fprintf('%.8f\n', y);
y = jacobi(A, [6; 25; -11], zeros(3, 1), []);
fprintf('%.5f\n', y);
