% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: indexed_deletion.m:4:1: error: deleting elements with 'x(...) = []' is not supported by runmatc
x = [1 2 3];
x(2) = [];
