% Driver for euler007.m (teja-91/my-Matlab-Cody-solutions): the 6th and the 100th prime.
fprintf('%d\n', euler007(6));
fprintf('%d\n', euler007(100));
