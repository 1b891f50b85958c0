% Loops with carried scalars and tensors, while, if/elseif/else on run-time values.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
x = zeros(4, 1) * k;
s = 0;
for i = 1:5
  x = x + sin(i * (1:4)');
  s = s + i^2;
end
fprintf('%.10g\n', x, s);
n = 0;
v = 100 * k;
while v > 1
  v = v / 3;
  n = n + 1;
end
fprintf('%d %.10g\n', n, v);
t = 0;
for j = 10:-2:1
  if mod(j, 4) == 0
    t = t + j;
  elseif j > 5
    t = t - 1;
  else
    t = t * 2;
  end
end
fprintf('%g\n', t);
acc = zeros(2, 3);
for a = 1:3
  for b = 1:2
    acc = acc + (a + b) * ones(2, 3);
  end
end
fprintf('%g\n', acc);
