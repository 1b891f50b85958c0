% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: switch_statement.m:4:1: error: 'switch' statements are not supported by runmatc
x = 1;
switch x
  case 1
    y = 2;
end
