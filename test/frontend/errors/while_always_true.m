% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: while_always_true.m:4:7: error: this while condition is always true and the loop has no 'break' or 'return': it would never end
x = 0;
while true
  x = x + 1;
end
