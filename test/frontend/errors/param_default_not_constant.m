% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: param_default_not_constant.m:3:28: error: the default of parameter 'A' must be a numeric scalar
if ~exist('A', 'var'), A = rand(3); end
