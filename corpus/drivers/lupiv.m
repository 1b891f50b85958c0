% Driver for luPiv.m (johnmeehan123): LU with partial pivoting, then the two triangular solves.
A = [2 1 1; 4 -6 0; -2 7 2];
b = [5; -2; 9];
[L, U, pv] = luPiv(A);
disp(L)
disp(U)
disp(pv')
y = L \ b(pv);
x = U \ y;
fprintf('%.8f\n', x);
