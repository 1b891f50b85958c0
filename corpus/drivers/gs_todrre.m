% Driver for gs.m (todrre/PDE_ass2): Gauss-Seidel on a small diagonally dominant system.
A = [4 -1 0; -1 4 -1; 0 -1 4];
b = [15; 10; 10];
x = gs(A, b, zeros(3, 1), 1e-10, 100);
fprintf('%.8f\n', x);
x = gs(A, b, zeros(3, 1), 1e-30, 5);
fprintf('%.4f\n', x);
