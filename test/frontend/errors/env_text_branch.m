% A text that depends on a run-time condition other than whether the
% variable is set cannot be one value.
% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: env_text_branch.m:8:1: error: text variable 't' cannot be assigned in a run-time branch
x = rand(1);
e = getenv('MODE');
t = 'a';
if x > 0.5
  t = lower(e);
end
disp(t)
