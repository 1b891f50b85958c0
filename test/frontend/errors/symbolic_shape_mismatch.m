% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: symbolic_shape_mismatch.m:4:15: error: sizes nx4 and nx6 are not compatible for implicit expansion (dimension 2: 4 vs 6)
if ~exist('n', 'var'), n = 4; end
z = ones(n,4) + ones(n,6);
