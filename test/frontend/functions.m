% Local functions are inlined; each call traces the body with its arguments.
% RUN: runmatc trace %s | FileCheck %s
x = rand(4, 3, 'single');
[m, s] = stats(x);
y = scale(x, 2);
fprintf('%g %g %g\n', m(1), s(1), y(1));

function [mu, sd] = stats(a)
  mu = mean(a, 1);
  sd = sqrt(mean((a - mu).^2, 1));
end

function z = scale(a, f)
  z = a * f;
end
% CHECK: op: rand
% CHECK-NEXT: out: [{id: [[X:v[0-9]+]], type: "single[4,3]"}]
% CHECK: op: mean
% CHECK-NEXT: args: [[[X]]]
% CHECK-NEXT: attrs: {dims: [1]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[1,3]"}]
% CHECK: op: sqrt
% CHECK: op: times
% CHECK-NEXT: args: [[[X]], {{v[0-9]+}}]
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[4,3]"}]
% CHECK: op: subsref
% CHECK-NEXT: args
% CHECK-NEXT: attrs: {subs: [index]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[1,1]"}]
