% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: integer_mixed_classes.m:4:7: error: integers can only be combined with integers of the same class or with doubles: this combines int8 and int16
a = int8(1);
b = a + int16(2);
