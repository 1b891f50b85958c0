% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: varargin_not_last.m:5:16: error: varargin must be the last input of a function
y = f(1, 2);
disp(y)
function r = f(varargin, x)
  r = x;
end
