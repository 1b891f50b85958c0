% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: integer_class_change.m:5:1: error: variable 's' is double before the loop but int32 after an iteration; runmatc needs one class for it (make it int32 on every path, as in s = int32(0))
if ~exist('n', 'var'), n = 4; end
s = 0;
for i = 1:n
  s = s + int32(i);
end
disp(s)
