% Indexed assignment x(subs) = v: elements, slices, scalar expansion, growth,
% classes, copies, loops (host and run-time indexes) and functions.
a = [1 2 3];
a(2) = 7;
fprintf('element: %g %g %g\n', a);

b = zeros(1, 5);
for i = 1:5
  b(i) = i^2;
end
fprintf('loop: %g\n', b);

c = ones(3, 4);
c(2, :) = [9 8 7 6];
c(:, 3) = 0;
c(1:2, 1:2) = [10 20; 30 40];
c(end, end) = -1;
fprintf('slices: %g\n', c);

d = [];
d(3) = 4;
fprintf('grow from empty: %g (%d x %d)\n', d, size(d, 1), size(d, 2));
e = zeros(2, 2);
e(3, 4) = 1;
fprintf('grow matrix: %d x %d, sum %g\n', size(e, 1), size(e, 2), sum(e(:)));
col = [1; 2];
col(4) = 9;
fprintf('grow column: %g (%d x %d)\n', col, size(col, 1), size(col, 2));
r = 1:3;
r(end + 1) = 10;
fprintf('end+1: %g\n', r);
h = [];
h(2, :) = [1 2 3];
fprintf('empty with colon: %g (%d x %d)\n', h, size(h, 1), size(h, 2));

g = zeros(1, 3);
g(2) = single(2.5);
fprintf('class kept: %s %g\n', class(g), g(2));
f = false(1, 4);
f(3) = 1;
fprintf('logical kept: %s %g\n', class(f), sum(f));
sg = single([1 2 3]);
sg(1) = 0.1;
fprintf('single: %s %.7g\n', class(sg), sg(1));

n = 6;
u = reshape(1:n*n, n, n);
u(2:end-1, :) = 0;
fprintf('rows cleared: %g\n', sum(u(:)));
u(1:2:end, 2) = [100; 200; 300];
fprintf('strided: %g\n', u(:, 2));
u(:) = 1:numel(u);
fprintf('colon all: %g\n', sum(u(:, end)));
u(7:9) = [-1 -2 -3];
fprintf('linear into matrix: %g\n', u(1:2, 2));

x = [1 2 3];
y = x;
x(1) = 100;
fprintf('copy: %g %g\n', x(1), y(1));

s = 0;
s(1) = 3;
fprintf('scalar: %g\n', s);

p = zeros(4, 4);
for i = 1:4
  for j = 1:4
    if mod(i + j, 2) == 0
      p(i, j) = i * 10 + j;
    end
  end
end
fprintf('nested: %g\n', sum(p(:)), p(3, 1));

w = zeros(1, 8);
k = 1;
while k <= 8
  w(k) = k * k;
  k = k + 2;
end
fprintf('while: %g\n', w);

t = zeros(2, 3, 2);
t(2, 3, 2) = 5;
t(1, :, 1) = [1 2 3];
fprintf('3-D: %g %g\n', sum(t(:)), t(2, 3, 2));

q = [1 2 3];
q(2) -= 10;
q(3) *= 2;
fprintf('compound: %g\n', q);

fib = zeros(1, 10);
fib(1) = 1;
fib(2) = 1;
for i = 3:10
  fib(i) = fib(i - 1) + fib(i - 2);
end
fprintf('fib: %g\n', fib(10));

fprintf('function: %g\n', set_diag(3));

function m = set_diag(k)
  m = zeros(k, k);
  for i = 1:k
    m(i, i) = i;
  end
  m = sum(m(:));
end
