% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: indexed_assignment.m:4:1: error: indexed assignment 'x(...) = ...' is not supported by runmatc
x = zeros(3,1);
x(2) = 5;
