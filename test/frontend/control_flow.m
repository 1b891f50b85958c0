% Loops stay loops with carried values; branches on run-time values stay branches.
% RUN: runmatc trace %s | FileCheck %s
if ~exist('n', 'var'), n = 5; end
s = 0;
k = 0;
for i = 1:n
  s = s + i;          % s and k become carried scalars
  if mod(i, 2) == 0
    k = k + 1;
  end
end
while s > 1
  s = s / 2;
end
if n > 3
  label = 1;
elseif n > 1
  label = 2;
else
  label = 3;
end
fprintf('%g %g %g\n', s, k, label);
% CHECK: params:
% CHECK-NEXT: {name: n, id: [[N:v[0-9]+]], type: double, default: 5
% CHECK: op: for
% Carried variables, in name order: k then s, both starting from the constant 0.
% CHECK-NEXT: args: [[[ONE:v[0-9]+]], [[ONE]], [[N]], [[ZERO:v[0-9]+]], [[ZERO]]]
% CHECK-NEXT: out: [{id: [[K:v[0-9]+]], type: double}, {id: [[S:v[0-9]+]], type: double}]
% CHECK: args: [{id: [[I:v[0-9]+]], type: double}, {id: [[KA:v[0-9]+]], type: double}, {id: [[SA:v[0-9]+]], type: double}]
% CHECK: op: plus
% CHECK-NEXT: args: [[[I]], [[SA]]]
% CHECK: op: mod
% CHECK: op: eq
% CHECK: op: if
% CHECK: name: then
% CHECK: name: else
% CHECK: yield: [[[KA]]]
% CHECK: yield: [{{v[0-9]+}}, {{v[0-9]+}}]
% CHECK: op: while
% CHECK-NEXT: args: [[[S]]]
% CHECK: name: cond
% CHECK: op: gt
% CHECK: name: body
% CHECK: op: rdivide
% CHECK: op: gt
% CHECK: op: if
% The elseif becomes an if nested in the else region.
% CHECK: name: else
% CHECK: op: if
% CHECK: op: fprintf
