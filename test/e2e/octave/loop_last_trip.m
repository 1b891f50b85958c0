% A fused time loop whose last trip's per-column values are read after it:
% d and y of the last trip (y read W before its last update), and x.
if ~exist('p', 'var'), p = 12; end
if ~exist('C', 'var'), C = 5; end
if ~exist('T', 'var'), T = 6; end
W = zeros(p, C);
rid = reshape(0:p-1, [p 1]);
cid = reshape(0:C-1, [1 C]);
for t = 1:T
  x = mod(1664525 .* (rid .* C + cid + (t - 1) * p * C) + 1013904223, 4294967296) ./ 4294967296;
  d = sum(x .* x, 1);
  y = sum(x .* W, 1);
  W = W + 0.5 * x .* ((d - y) ./ (d + 1e-3));
end
y
err = d - y
last = mean((sum(x .* x, 1) - sum(x .* W, 1)) .^ 2)
