% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: break_statement.m:5:3: error: 'break' outside a loop
x = 1;
if x > 0
  break;
end
