% Indexing reads: scalars, colons, ranges with end, linear indexing.
% RUN: runmatc trace %s | FileCheck %s
if ~exist('k', 'var'), k = 2; end
Q = rand(6, 4);
a = Q(2, 3);
b = Q(:, 1:k);
c = Q(end, :);
d = Q(:);
e = Q(2:end-1, end);
v = d(3:5);
fprintf('%g %g %g %g %g %g\n', a, b(1), c(1), d(1), e(1), v(1));
% CHECK: op: rand
% CHECK-NEXT: out: [{id: [[Q:v[0-9]+]], type: "double[6,4]"}]
% CHECK: op: subsref
% CHECK-NEXT: args: [[[Q]], {{v[0-9]+}}, {{v[0-9]+}}]
% CHECK-NEXT: attrs: {subs: [index, index]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "double[1,1]"}]
% Q(:, 1:k): the range's length is k itself.
% CHECK: op: subsref
% CHECK-NEXT: args: [[[Q]], {{v[0-9]+}}, {{v[0-9]+}}, [[K:v[0-9]+]]]
% CHECK-NEXT: attrs: {subs: [colon, range]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "double[6,{{v[0-9]+}}]"}]
% Q(end, :) with end = 6.
% CHECK: op: subsref
% CHECK-NEXT: args: [[[Q]], {{v[0-9]+}}]
% CHECK-NEXT: attrs: {subs: [index, colon]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "double[1,4]"}]
% Q(:) is a reshape to one column.
% CHECK: op: reshape
% CHECK-NEXT: args: [[[Q]]]
% CHECK-NEXT: out: [{id: [[D:v[0-9]+]], type: "double[24,1]"}]
% CHECK: op: subsref
% CHECK-NEXT: args: [[[Q]], {{v[0-9]+}}, {{v[0-9]+}}, {{v[0-9]+}}, {{v[0-9]+}}]
% CHECK-NEXT: attrs: {subs: [range, index]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "double[4,1]"}]
% A linear range of a column is a column.
% CHECK: op: subsref
% CHECK-NEXT: args: [[[D]],
% CHECK-NEXT: attrs: {subs: [range]}
% CHECK-NEXT: out: [{id: {{v[0-9]+}}, type: "double[3,1]"}]
