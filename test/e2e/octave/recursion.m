% Recursive functions are inlined as deep as they run: the recursion ends at
% compile time (its deciding arguments are constants), while the values it
% computes on may be run-time ones (x).
if ~exist('x', 'var'), x = 2; end
fprintf('%d %d\n', fact(5), fib(12));
fprintf('%.6f\n', power_by_squaring(x, 13));
v = x * (1:8);
fprintf('%.6f\n', halves_sum(v, 1, 8));
function r = fact(n)
  if n == 0
    r = 1;
  else
    r = n * fact(n - 1);
  end
end
function f = fib(n)
  if n < 2
    f = n;
    return
  end
  f = fib(n - 1) + fib(n - 2);
end
function p = power_by_squaring(b, e)
  if e == 0
    p = 1;
  elseif mod(e, 2) == 0
    h = power_by_squaring(b, e / 2);
    p = h * h;
  else
    p = b * power_by_squaring(b, e - 1);
  end
end
function s = halves_sum(v, lo, hi)
  if lo == hi
    s = v(lo);
  else
    mid = floor((lo + hi) / 2);
    s = halves_sum(v, lo, mid) + halves_sum(v, mid + 1, hi);
  end
end
