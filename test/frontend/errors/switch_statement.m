% switch compares scalars or text; an array is refused at the case.
% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: switch_statement.m:6:8: error: switch needs a scalar or a text value, got 1x2
x = [1 2];
switch x
  case 1
    y = 2;
end
