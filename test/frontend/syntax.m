% Lexical and syntactic forms: comments, block comments, continuations,
% digit separators, strings, matrix literals with implicit separators.
% RUN: runmatc trace %s | FileCheck %s
%{
  A block comment: x = this is not code
%}
n = 10_000 + ...
    5;          % a continuation joins the lines
s = 'it''s';    # Octave-style comment
d = "say ""hi""";
v = [1 -2 +3];  % three elements
w = [1 - 2, 3]; % two elements
m = [1, 2
     3, 4];     % a newline separates rows
t = m';         % transpose after a value
fprintf('%d %d %d %d %d %d\n', n, numel(v), numel(w), m(2, 1), t(1, 2), size(m, 1));
fprintf('%s\n', s);
% CHECK: op: const
% CHECK-NEXT: attrs: {value: 10005}
% CHECK: op: const
% CHECK-NEXT: attrs: {value: 3}
% CHECK: op: const
% CHECK-NEXT: attrs: {value: 2}
% CHECK: op: fprintf
% CHECK-NEXT: args: [v0, v1, v2, v1, v1, v2]
