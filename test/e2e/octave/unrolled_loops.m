% Loops of a known, small trip count whose body one traced iteration cannot
% hold are unrolled: arrays that grow inside them, ranges whose length
% follows the loop variable (Gaussian elimination, Neville's table), a
% swap of rows by index vectors. The values are run-time (s), so the
% unrolled trips still compute on the device.
if ~exist('s', 'var'), s = 1.5; end
y = s * [3 1 4 1 5];
for i = 1:5
  Q(i, 1) = y(i);
end
for j = 2:5
  for i = 1:6-j
    Q(i, j) = Q(i, j-1) + Q(i+1, j-1) / j;
  end
end
disp(Q)
A = s * [3 -0.1 -0.2; 0.1 7 -0.3; 0.3 -0.2 10];
b = s * [7.85; -19.3; 71.4];
n = 3;
for k = 1:n-1
  j = k+1:n;
  for i = k+1:n
    f = A(i,k) / A(k,k);
    A(i,j) = A(i,j) - f * A(k,j);
    b(i) = b(i) - f * b(k);
  end
end
for k = n:-1:1
  j = k+1:n;
  b(k) = (b(k) - A(k,j) * b(j)) / A(k,k);
end
fprintf('%.8f\n', b);
P = s * reshape(1:16, 4, 4);
for k = 1:2
  P([k 5-k], :) = P([5-k k], :);
end
disp(P)
c = [];
for k = 1:4
  c(end+1) = s^k;
end
disp(c)
