% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: text_arithmetic.m:3:11: error: text cannot be used in arithmetic or comparisons
y = 'abc' + 1;
