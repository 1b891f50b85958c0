% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: bad_reduction_option.m:4:5: error: sum: option 'omitnan' is not supported (only 'all')
x = rand(3);
y = sum(x, 'omitnan');
