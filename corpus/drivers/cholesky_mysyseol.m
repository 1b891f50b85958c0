% Driver for cholesky.m (mysyseol).
A = [4 12 -16; 12 37 -43; -16 -43 98];
U = cholesky(A);
disp(U)
fprintf('%d\n', norm(U'*U - A) < 1e-12);
