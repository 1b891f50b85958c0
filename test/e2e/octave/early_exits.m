% break, continue and return (rewritten into flags by the frontend), and
% Octave's compound assignments.
s = 0;
for i = 1:10
  if i == 7
    break;
  end
  if mod(i, 2) == 0
    continue;
  end
  s += i;
end
fprintf('for: s=%g i=%g\n', s, i);

k = 0;
while true
  k = k + 1;
  if k * k > 50, break; end
end
fprintf('while true: k=%g\n', k);

% A while condition that must short-circuit: v(j) past the end is never read.
v = [1 2 3 4 5];
n = 0; j = 1;
while j <= numel(v) && v(j) ~= 0
  n = n + v(j); j = j + 1;
end
fprintf('short-circuit: n=%g j=%g\n', n, j);
if j > 5 || v(j) == 0
  fprintf('or: past the end\n');
end

% Tensor work in a loop that stops on a reduction of its state.
x = linspace(0, 1, 1000);
steps = 0;
for t = 1:200
  x = 0.5 * x + 0.25;
  steps = steps + 1;
  if max(abs(x - 0.5)) < 1e-6
    break;
  end
end
fprintf('converged: steps=%g t=%g err=%.3e\n', steps, t, max(abs(x - 0.5)));

% continue in a while loop; nested loops where break leaves the inner one.
c = 0; m = 0;
while c < 20
  c = c + 1;
  if mod(c, 3) ~= 0, continue; end
  for q = 1:c
    if q > 2, break; end
    m = m + q;
  end
end
fprintf('nested: c=%g m=%g\n', c, m);

fprintf('find_first: %g %g\n', find_first([0 0 3 0 5], 0), find_first([1 2], 9));
fprintf('count_to: %g\n', count_to(7));
fprintf('early: %g %g\n', early(-2), early(3));

a = 3; a *= 4; a -= 2; a /= 5;
b = [1 2 3]; b += 1; b -= [0 10 0];
fprintf('compound: %g %g %g %g\n', a, b);

function idx = find_first(v, target)
  % the first element different from target, 0 when none is
  idx = 0;
  for i = 1:numel(v)
    if v(i) ~= target
      idx = i;
      return;
    end
  end
end

function r = count_to(a)
  r = 0;
  for t = 1:100
    for u = 1:100
      r = r + 1;
      if r >= a * 3, return; end
    end
  end
  r = -1;
end

function y = early(x)
  y = 0;
  if x < 0
    return
  end
  y = sqrt(x);
end
