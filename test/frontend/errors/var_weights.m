% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: var_weights.m:4:5: error: var: the weight must be 0, 1 or [] (weight vectors are not supported)
x = rand(3, 2);
v = var(x, [1 2 3]);
