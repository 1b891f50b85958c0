% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: integer_matrix_product.m:4:7: error: matrix products of int32 values are not supported (MATLAB refuses them too)
a = int32([1 2; 3 4]);
b = a * a;
