% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: underscore_number.m:3:6: error: '_' in a number must stand between digits
x = 1__000;
