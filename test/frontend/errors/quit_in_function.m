% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: quit_in_function.m:4:3: error: 'quit' inside a function is not supported by runmatc
function f()
  quit
end
