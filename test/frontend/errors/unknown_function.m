% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: unknown_function.m:5:5: error: 'fft' is a MATLAB function that runmatc does not compile yet (docs/language.md lists those it does)
% CHECK-NOT: undefined
x = 1:4;
y = fft(x);
