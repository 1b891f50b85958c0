% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: matrix_power_fraction.m:4:7: error: matrix power A^p is supported for an integer p known at compile time
A = [1 2; 3 4];
B = A ^ 0.5;
