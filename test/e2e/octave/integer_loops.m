% for loops over integer-class ranges: the loop variable has the range's class.
if ~exist('s', 'var'), s = 1.5; end
n = int32(4 * s);
acc = 0;
for i = 1:n
  acc = acc + double(i / 4);
end
acc
last = i
c = class(i)
for k = uint8(250):uint8(2):uint8(255)
  disp(k + 3)
end
vals = zeros(1, 3, 'int32');
for j = int32(1):int32(3)
  vals(j) = j * s;
end
vals
w = uint8([100 200]) * s
