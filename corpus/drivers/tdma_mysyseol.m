% Driver for TDMA.m (mysyseol): a tridiagonal system given as [sub diag super rhs].
tri = [0 2 -1 1; -1 2 -1 2; -1 2 -1 3; -1 2 0 4];
r = TDMA(tri);
fprintf('%.8f\n', r);
