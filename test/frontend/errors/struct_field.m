% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: struct_field.m:3:2: error: struct field access ('s.') is not supported by runmatc
s.a = 1;
