% Integer classes: conversion (rounding half away from zero, saturation, NaN
% to 0), arithmetic, mixed operands, display, and the builtins they keep or lose.
if ~exist('s', 'var'), s = 1.5; end
x = int32([1 -20 3])
y = uint8(200) + uint8(100)
z = int32(7) / int32(2)
w = int32(-7) / 2
q = idivide(int32(7), int32(2))
c1 = class(int32(3) * 2.6)
m = int32(3) * s
v = zeros(1,3); v(2) = int32(5); c2 = class(v)
u = [int8(1) 2.7]
a = sum(int8([100 100 -100]))
a2 = sum(int8([100 100]), 'native')
p = prod(int8([20 20 -1]))
n0 = int32(NaN)
u3 = uint8(-3)
r1 = int32(2.5 * s / 1.5)
r2 = int32(-2.5)
b = int32([1 2; 3 4]) * s
md = mod(int32(-7), int32(3))
rm = rem(int32(-7), int32(3))
ab = abs(int8(-128))
ng = -int8(-128)
dd = double(int32(5))/2
cmp = int32(5) > 4.5
pw = int32(10) .^ 2
mx = max(int32([3 9 2]))
[mm, ii] = max(int32([4 9 8]) * s)
e = int32(zeros(2,0))
im = intmax('int32')
in8 = intmin('int8')
lt = int32(5) + true
isi = isinteger(int8(1))
k = int16([100 -200]) * 400
g = int32(7); g(3) = 2.6
h = [1.5; int32(2)]
t = int32(5) == 5
rng = uint8(250):uint8(255)
fl = floor(int32(5))
big = int32(1e10)
acc = int32(0);
for i = 1:10
  acc = acc + i * s;
end
acc
disp(int16([1 2 3]))
fprintf('%d\n', int32(7) * s)
sq = int32(1:30) * s
ceq = int8(5) == int16(5)
clt = int8(-3) < uint8(2)
