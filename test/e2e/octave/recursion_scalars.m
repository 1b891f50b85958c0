% Recursion on run-time scalars: each recursive function is compiled once
% as a function of host scalars (fib, gcd, two outputs, mutual recursion,
% a logical output, integer classes, an early return, printing in order).
% Its parameters are named apart from those the harnesses set (n, d, ...).
1;
function r = fib(n)
  if n < 2
    r = n;
  else
    r = fib(n - 1) + fib(n - 2);
  end
end
function g = gcd_rec(a, b)
  if b == 0
    g = a;
    return;
  end
  g = gcd_rec(b, mod(a, b));
end
function [q, r] = divide(a, b)
  % a = q*b + r by repeated subtraction
  if a < b
    q = 0;
    r = a;
  else
    [q, r] = divide(a - b, b);
    q = q + 1;
  end
end
function e = is_even(n)
  if n == 0
    e = true;
  else
    e = is_odd(n - 1);
  end
end
function o = is_odd(n)
  if n == 0
    o = false;
  else
    o = is_even(n - 1);
  end
end
function p = ipow(b, k)
  if k == 0
    p = int32(1);
  else
    p = b * ipow(b, k - 1);
  end
end
function moves = hanoi(n, from, to, via)
  if n == 0
    moves = 0;
    return;
  end
  moves = hanoi(n - 1, from, via, to);
  fprintf('move disk %d from %d to %d\n', n, from, to);
  moves = moves + 1 + hanoi(n - 1, via, to, from);
end
function a = ack(m, n)
  if m == 0
    a = n + 1;
  elseif n == 0
    a = ack(m - 1, 1);
  else
    a = ack(m - 1, ack(m, n - 1));
  end
end
if ~exist('count', 'var'), count = 15; end
if ~exist('disks', 'var'), disks = 3; end
f = fib(count)
g = gcd_rec(count * 84, 360)
[q, r] = divide(count * 7 + 3, 4)
e = is_even(count)
o = is_odd(count + 1)
p = ipow(int32(count), 3)
class(p)
m = hanoi(disks, 1, 3, 2)
a = ack(2, disks)
s = 0;
for i = 1:count
  s = s + fib(mod(i, 7));
end
s
v = (1:count) .^ 2;
total = sum(v) + fib(disks)
