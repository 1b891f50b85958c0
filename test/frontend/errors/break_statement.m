% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: break_statement.m:4:3: error: 'break' is not supported by runmatc
for i = 1:3
  break;
end
