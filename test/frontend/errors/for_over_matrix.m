% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: for_over_matrix.m:3:9: error: runmatc compiles for loops over ranges
for v = [1 2 3]
  disp(v);
end
