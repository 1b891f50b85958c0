% Driver for myJacobi.m (AmadeusZhang/LabNumerica).
A = [4 -1 0; -1 4 -1; 0 -1 4];
b = [15; 10; 10];
[x, it] = myJacobi(A, b, zeros(3, 1), 200, 1e-10);
fprintf('%.8f\n', x);
fprintf('%d\n', it);
