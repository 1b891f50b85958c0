% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: bad_reduction_option.m:4:5: error: prod(..., 'omitnan') is not supported by runmatc
x = rand(3);
y = prod(x, 'omitnan');
