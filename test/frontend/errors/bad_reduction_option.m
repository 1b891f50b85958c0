% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: bad_reduction_option.m:4:5: error: sum(..., 'omitnan') is not supported by runmatc yet; NaNs are included
x = rand(3);
y = sum(x, 'omitnan');
