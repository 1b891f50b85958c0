% Subscripts that are logical masks or index vectors: gathers x(mask),
% x(idx), A(idx, :), scatters x(mask) = v, A([k m], :) = A([m k], :), and
% find, on compile-time and run-time values.
x = [3 -1 4 -1 5 -9 2 6];
y = x(x > 0);
fprintf('pos: %g\n', y);
x(x < 0) = 0;
fprintf('clamped: %g\n', x);
idx = [2 4 6];
fprintf('gather: %g\n', x(idx));
A = reshape([16 5 9 4 2 11 7 14 3 10 6 15 13 8 12 1], 4, 4);
A([1 3], :) = A([3 1], :);
fprintf('swap: %g\n', A(:, 1));
B = reshape(1:12, 3, 4);
fprintf('cols: %g\n', B(:, [4 1]));
fprintf('rows+range: %g\n', B([3 1], 2:3));
m = B > 6;
fprintf('mask: %g\n', B(m));
B(m) = -B(m);
fprintf('negated: %g\n', B);
f = find([0 1 0 1 1]);
fprintf('find: %g\n', f);
fc = find([0; 2; 0; 3]);
fprintf('find col: %g (%d x %d)\n', fc, size(fc, 1), size(fc, 2));
v = zeros(1, 5);
v([1 5]) = [7 8];
fprintf('put: %g\n', v);
w = 1:6;
w(logical([1 0 1 0 1 0])) = 0;
fprintf('logical const: %g\n', w);
z = zeros(3, 3);
z(2, [1 3]) = 5;
fprintf('z: %g\n', z);

% Run-time values: a signal, its masks and index vectors.
n = 12;
t = (1:n)' / n;
sig = sin(2 * pi * t) + 0.25;
pos = sig(sig > 0);
fprintf('run-time gather: %d %.6f\n', numel(pos), sum(pos));
sig(sig < 0) = 0;
fprintf('run-time clamp: %.6f\n', sum(sig));
k = find(sig == 0);
fprintf('zeros at: %g\n', k);
order = n - k + 1;
fprintf('reversed pick: %.6f\n', sig(order));
M = reshape(1:n, 3, 4) * 1.5;
keep = sum(M, 1) > 20;
fprintf('columns kept: %g\n', M(:, keep));
rows = [3 1];
M(rows, :) = M([1 3], :);
fprintf('rows swapped: %g\n', M(:, 1));
acc = zeros(1, 4);
for i = 1:4
  acc([i 5 - i]) = acc([i 5 - i]) + i;
end
fprintf('loop scatter: %g\n', acc);
d = [5 1 5 2];
d(d == 5) = [10 20];
fprintf('mask values: %g\n', d);
e = zeros(1, 3);
e([2 2 2]) = [1 2 3];
fprintf('repeated index, last wins: %g\n', e);
q = 2.5;
fprintf('scalar gather: %g\n', q([1 1 1]));
