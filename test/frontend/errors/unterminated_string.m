% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: unterminated_string.m:3:5: error: unterminated string (missing closing ')
x = 'abc
