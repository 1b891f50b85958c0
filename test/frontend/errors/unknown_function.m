% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: unknown_function.m:4:5: error: undefined variable or function 'fft'
x = 1:4;
y = fft(x);
