% Driver for pwrmethod.m (ingaashmarina/chislennie_metodi): the dominant eigenvalue of a 3x3 matrix.
A = [2 1 0; 1 3 1; 0 1 4];
fprintf('%.5f\n', pwrmethod(A));
