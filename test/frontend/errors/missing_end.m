% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: missing_end.m:3:1: error: missing 'end' for the 'for' at line 3
for i = 1:3
  x = i;
