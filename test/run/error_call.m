% error(...) stops the program when run time reaches it, with the message
% and the place; code before it has run.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
% RUN: not runmat-run %t.rmx -p n=0 2>&1 | FileCheck %s --check-prefix=STOP
% RUN: printf "x = nargin;\n" > %t.script.m
% RUN: not runmatc trace %t.script.m 2>&1 | FileCheck %s --check-prefix=SCRIPT
if ~exist('n', 'var'), n = 3; end
fprintf('before\n');
if n < 1
  error('demo:range', 'n must be positive');
end
fprintf('n ok\n');
% CHECK: before
% CHECK-NEXT: n ok
% STOP: before
% STOP: error: the program stopped: n must be positive ({{.*}}error_call.m:11:3)
% SCRIPT: error: 'nargin' is only valid inside a function
