% Deleting elements, rows and columns with x(subs) = [], by index, range,
% index vector, mask and end, against Octave.
v = [10 20 30 40 50 60];
v(2) = [];
disp(v);
v([1 end]) = [];
disp(v);
w = (1:8)';
w(w > 5) = [];
disp(w);
A = reshape(1:12, 3, 4);
B = A;
B(2, :) = [];
disp(B);
C = A;
C(:, [1 3]) = [];
disp(C);
D = A;
D(:, end) = [];
disp(D);
E = A;
E([1 5 9]) = []; % a row in MATLAB (and runmatc), a column in Octave
fprintf('%d ', E);
fprintf('\n%d\n', numel(E));
r = rand(5, 1);
k = numel(r) - 2;
u = 1:6;
u(k) = [];
disp(u);
s = r;
s(s >= 0) = [];
fprintf('%d\n', numel(s));
z = 1:3;
z(:) = [];
fprintf('%d %d\n', size(z, 1), size(z, 2));
