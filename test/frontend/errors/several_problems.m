% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% One run reports the independent problems of a file (up to ten), not what
% only follows from them: z and the loop read y, which line 11 left unusable.
% CHECK: several_problems.m:11:5: error: 'fft' is a MATLAB function that runmatc does not compile yet
% CHECK-NOT: several_problems.m:12:
% CHECK-NOT: several_problems.m:14:
% CHECK: several_problems.m:17:9: error: undefined variable or function 'undefined_thing'
% CHECK: several_problems.m:19:5: error: 'struct' is a MATLAB function that runmatc does not compile yet
% CHECK: runmatc: 3 errors
x = [1 2 3];
y = fft(x);
z = y + 1;
for k = 1:3
  x(k) = y(k);
end
disp(x)
w = 2 * undefined_thing(3);
q = x + 2;
s = struct('a', 1);
disp(q)
