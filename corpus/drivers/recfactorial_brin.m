% Driver for recFactorial.m (lqbrin/tea-time-numerical): a recursive function.
fprintf('%d\n', recFactorial(0));
fprintf('%d\n', recFactorial(5));
fprintf('%d\n', recFactorial(10));
