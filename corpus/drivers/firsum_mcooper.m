% Driver for FIRsum.m (MCooper24/Matlab-Coursework-Three).
Y = FIRsum([1 2 3 4], [1 -1 0.5]);
disp(Y)
