% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: integer_loop_range.m:5:9: error: a for loop over a range of int32 values is not supported by runmatc yet
n = int32(4);
s = 0;
for i = 1:n
  s = s + 1;
end
