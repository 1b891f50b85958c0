% Forms GNU Octave 7 lacks, checked by their equivalents in the same run.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
if ~exist('n', 'var'), n = 4; end
X = reshape(sin(1:(2 * 3 * n)), 2, 3, n);
% sum(X, 'all') equals sum(X(:)); mean over a dimension vector equals nested means.
fprintf('%.10g %.10g\n', sum(X, 'all'), sum(X(:)));
% CHECK: [[S:[-0-9.e]+]] [[S]]
a = mean(X, [2 3]);
b = mean(mean(X, 2), 3);
fprintf('%.10g %.10g\n', max(abs(a - b)) < 1e-12, max(X, [], 'all') - max(X(:)));
% CHECK-NEXT: 1 0
A = reshape(cos(1:12), 4, 3);
[Q1, R1] = qr(A, 'econ');
[Q2, R2] = qr(A, 0);
fprintf('%g %g\n', max(max(abs(Q1 - Q2))), max(max(abs(R1 - R2))));
% CHECK-NEXT: 0 0
% gpuArray and gather are identities on the values.
G = gather(gpuArray(A) * 2);
fprintf('%g\n', max(max(abs(G - 2 * A))));
% CHECK-NEXT: 0
% The same seed gives the same draws; a new draw differs.
rng(5); r1 = rand(3, 1);
rng(5); r2 = rand(3, 1); r3 = rand(3, 1);
fprintf('%d %d\n', all3(r1 == r2), all3(r1 == r3));
% CHECK-NEXT: 1 0
disp(7.5)
% CHECK-NEXT: 7.5000
disp('plain text')
% CHECK-NEXT: plain text
y = single(2.5)
% CHECK-NEXT: y = 2.5000
M = [1 2 3; 4 5 6] * (n / 4)
% CHECK-NEXT: M =
% CHECK-EMPTY:
% CHECK-NEXT: 1   2   3
% CHECK-NEXT: 4   5   6
% CHECK-EMPTY:
function t = all3(v)
  t = v(1) && v(2) && v(3);
end
