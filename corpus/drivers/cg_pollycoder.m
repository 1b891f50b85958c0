% Driver for cg.m (pollycoder/numerical_analysis): conjugate gradients, the
% default and a given tolerance.
A = [4 1 0.5; 1 3 0.2; 0.5 0.2 2];
b = [1; 2; 3.3];
[x, steps] = cg(A, b, 3);
fprintf('%.6f\n', x);
[x, steps] = cg(A, b, 3, 1e-9);
fprintf('%.8f\n', x);
