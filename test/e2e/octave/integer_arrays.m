% Integer classes in arrays, loops, branches and functions.
1;
function y = halve(n)
  y = n / 2;
end
if ~exist('s', 'var'), s = 1.5; end
img = uint8([10 100; 200 250]) * s
x = int16([5 -3 8 1]) * 1;
a1 = x(2)
a2 = x(end)
a3 = x(x > 2)
x(2) = 40000
x(end+1) = int16(-7) * s
x(1) = []
xt = x'
rs = reshape(int32(1:6) * 1, 2, 3)
rp = repmat(int8([1 2]) * 1, 2, 2)
[sv, si] = sort(int32([3 -1 2]) * 1)
f = find(int32([0 3 0 5]) * 1)
an = any(int32([0 0 1]) * 1)
ne = numel(int32([1 2 3]) * 1)
cs = cumsum(int8([100 100 -100]) * 1)
mn = mean(int32([1 2 4]) * 1)
m2 = max(int32([1 5 3]) * 1, 2.6)
mn2 = min(uint8(7) * 1, -1)
c = class(img)
ia = isa(img, 'integer')
acc = int32(0);
k = 0;
while k < 5 * s
  k = k + 1;
  acc = acc + int32(k) * 2;
end
acc
if s > 1
  t = int8(100) * 2;
else
  t = int8(-5);
end
t
h = halve(int32(9) * 1)
str = sprintf('%d apples', int32(12) * 1);
disp(str)
disp(num2str(uint16(65535) * s))
e1 = idivide(int32(-7) * 1, int32(2), 'floor')
e2 = idivide(int32(-7) * 1, int32(2), 'round')
e3 = idivide(int32(-7) * 1, int32(2), 'ceil')
z8 = zeros(1, 3, 'int8') + 300
o16 = ones(2, 2, 'uint16') * s
lk = zeros(1, 2, 'like', int32(1)) - 2.5
dbl = double(img) / 2
sg = single(int32(7) * 1) / 2
lg = logical(int8([0 2 -1]) * 1)
cat1 = [int32(7) * 1, 2.5, true]
v = int32(zeros(2, 2));
v(:, 1) = [1.4; 2.6] * s
sum(uint8([200 100]) * 1, 'native')
