% Runtime library calls on sizes known only at run time: a reverse running
% sum (Octave has no 'reverse', so it is checked here), a singular inverse
% (a warning and Inf, as Octave), a solve whose rows disagree (the shim
% stops), sort along rows, and toc before tic.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx 2>%t.err | FileCheck %s
% RUN: FileCheck %s --check-prefix=WARN < %t.err
% RUN: not runmat-run %t.rmx -p n=4 2>&1 | FileCheck %s --check-prefix=ROWS
if ~exist('n', 'var'), n = 3; end
x = 1:n;
fprintf('%g ', cumsum(x, 'reverse'));
fprintf('\n');
fprintf('%g ', cumprod(x, 2, 'reverse'));
fprintf('\n');
A = ones(n, n);
fprintf('%g ', inv(A));
fprintf('\n');
[s, i] = sort(reshape(x(end:-1:1), 1, n), 2);
fprintf('%g ', s, i);
fprintf('\n');
B = ones(3, 3) + eye(3);
z = B \ ones(n, 1);
fprintf('%.4f ', z);
fprintf('\n');
% CHECK: 6 5 3
% CHECK-NEXT: 6 6 3
% WARN: warning: matrix singular to machine precision
% CHECK-NEXT: Inf Inf Inf Inf Inf Inf Inf Inf Inf
% CHECK-NEXT: 1 2 3 3 2 1
% CHECK-NEXT: 0.2500 0.2500 0.2500
% ROWS: error: the program stopped: mldivide: the operands' rows do not agree
