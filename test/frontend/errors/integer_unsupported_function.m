% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: integer_unsupported_function.m:4:5: error: 'sqrt' of uint8 values is not supported by runmatc yet; convert with double(...) first
a = uint8([4 9]);
b = sqrt(a);
