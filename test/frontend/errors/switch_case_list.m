% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: switch_case_list.m:5:13: error: missing '}' for the case list at line 5
x = 1;
switch x
  case {1, 2
    y = 2;
end
