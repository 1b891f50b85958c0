% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: complex_literal.m:3:6: error: complex numbers are not supported
z = 3i;
