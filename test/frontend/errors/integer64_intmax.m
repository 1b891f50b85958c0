% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: integer64_intmax.m:3:5: error: intmax('int64') is not exact in runmatc, which holds int64 values as doubles (exact to 2^53)
m = intmax('int64');
