% Arrays whose size changes at run time: grown by assignment past their end
% in while loops and in for loops of run-time trips (one and two
% subscripts, end+1, from empty and from a scalar), grown by concatenation,
% grown in one branch of an if, and values whose size differs between the
% branches of an if. Parameters are named apart from
% those the harnesses set (n, d, ...).
1;
function c = collatz_path(start)
  c(1) = start;
  k = 1;
  while start ~= 1
    if mod(start, 2) == 0
      start = start / 2;
    else
      start = 3 * start + 1;
    end
    c(k + 1) = start;
    k = k + 1;
  end
end
function t = triangle(rows)
  % t(i, j) = C(i-1, j-1), the table grown a row and a column per trip
  t(1, 1) = 1;
  i = 1;
  while i < rows
    i = i + 1;
    t(i, 1) = 1;
    for j = 2:i
      if j < i
        t(i, j) = t(i - 1, j - 1) + t(i - 1, j);
      else
        t(i, j) = 1;
      end
    end
  end
end
if ~exist('steps', 'var'), steps = 6; end
if ~exist('limit', 'var'), limit = 40; end

c = collatz_path(steps)
numel(c)

% x(i+1) in a while loop, from a 1x1 array
x(1) = 0.5;
i = 1;
while x(i) < limit
  x(i + 1) = 2 * x(i) + 1;
  i = i + 1;
end
x

% end+1 in a for loop of run-time trips, from empty
squares = [];
for k = 1:steps
  squares(end + 1) = k ^ 2;
end
squares

% zero trips: still [] afterwards
none = [];
for k = 1:steps - 10
  none(end + 1) = k;
end
none
size(none)
sum(none)
max(none)

% concatenation in a loop
evens = [];
for k = 1:2 * steps
  if mod(k, 2) == 0
    evens = [evens, k];
  end
end
evens

% a column grown in one branch only
col = zeros(0, 1);
for k = 1:steps
  if mod(k, 3) ~= 0
    col(end + 1, 1) = -k;
  end
end
col

t = triangle(steps)
sum(t(:))

% a size that differs between the branches of an if
if steps > 4
  y = ones(2, 1);
else
  y = ones(3, 1);
end
y

% a large grown vector, used by elementwise work
w = [];
j = 0;
while j < 200 * steps
  j = j + 1;
  w(j) = j / steps;
end
total = sum(sin(w) .^ 2 + cos(w) .^ 2)
