% Builtins in the call forms users write.
% RUN: runmatc trace %s | FileCheck %s
if ~exist('n', 'var'), n = 6; end
X = rand(n, 3, 2, 'single');
a = mean(X, [2 3]);        % a dim vector
b = sum(X, 'all');         % all dims
c = max(X, [], 2);         % reduce along 2
d = min(X, single(0.5));   % elementwise, single stays single
e = prod(X);               % first non-singleton: dim 1
G = gpuArray(X);
h = gather(G);
[Q, R] = qr(rand(n, 2), 0);  % qr(X, 0) is the economy form
r = reshape(X, [], 2);     % one size inferred
l = linspace(0, 1, 5);
z = zeros(size(r), 'like', X);
y = double(e) + 1;         % single converted explicitly
fprintf('%g\n', a(1) + b + c(1) + d(1) + h(1) + Q(1) + R(1) + r(1) + l(2) + z(1) + y(1));
% CHECK: op: rand
% CHECK-NEXT: out: [{id: [[X:v[0-9]+]], type: "single[[[N:v[0-9]+]],3,2]"}]
% CHECK: op: mean
% CHECK-NEXT: args: [[[X]]]
% CHECK-NEXT: attrs: {dims: [2, 3]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[[[N]],1]"}]
% CHECK: op: sum
% CHECK-NEXT: args: [[[X]]]
% CHECK-NEXT: attrs: {dims: [1, 2, 3]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[1,1]"}]
% CHECK: op: reduce_max
% CHECK-NEXT: args: [[[X]]]
% CHECK-NEXT: attrs: {dims: [2]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[[[N]],1,2]"}]
% CHECK: op: min
% CHECK-NEXT: args: [[[X]], {{v[0-9]+}}]
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[[[N]],3,2]"}]
% CHECK: op: prod
% CHECK-NEXT: args: [[[X]]]
% CHECK-NEXT: attrs: {dims: [1]}
% CHECK: op: gpu
% CHECK: op: gather
% CHECK: op: qr_econ
% CHECK-NEXT: args: [{{v[0-9]+}}]
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "double[[[N]],[[R:v[0-9]+]]]"}, {id: {{v[0-9]+}}, type: "double[[[R]],2]"}]
% reshape(X, [], 2): the inferred extent is numel / 2 = 3n.
% CHECK: op: reshape
% CHECK-NEXT: args: [[[X]]]
% CHECK-NEXT: out: [{id: [[RS:v[0-9]+]], type: "single[{{v[0-9]+}},2]"}]
% CHECK: op: linspace
% CHECK: out: [{id: {{v[0-9]+}}, type: "double[1,5]"}]
% zeros(size(r), 'like', X) keeps r's symbolic extents and X's class.
% CHECK: op: zeros
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "single[{{v[0-9]+}},2]"}]
% CHECK: op: cast
% CHECK-NEXT: args
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "double[1,3,2]"}]
