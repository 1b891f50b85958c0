% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: indexed_deletion.m:4:1: error: a deletion can have only one subscript that is not ':'
A = reshape(1:6, 2, 3);
A(1, 2) = [];
