% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: unbalanced_paren.m:3:11: error: expected ')' to close '('
x = (1 + 2;
