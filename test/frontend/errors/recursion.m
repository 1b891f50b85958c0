% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: recursion.m:5:7: error: recursive call to 'f' is not supported by runmatc
y = f(3);
function r = f(x)
  r = f(x - 1);
end
