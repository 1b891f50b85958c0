function t = isprime(n)
% ISPRIME of a scalar: true when n is a prime (runmatc's library, written in
% the subset runmatc compiles; trial division up to sqrt(n)).
if numel(n) ~= 1
  error('isprime: runmatc supports a scalar input only');
end
t = n >= 2 && n == floor(n);
d = 2;
while t && d * d <= n
  if mod(n, d) == 0
    t = false;
  end
  d = d + 1;
end
end
