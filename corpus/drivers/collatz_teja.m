% Driver for collatz.m (teja-91/my-Matlab-Cody-solutions).
disp(collatz(13))
c = collatz(27);
fprintf('%d %d\n', numel(c), max(c));
