% Index fields made by reshaping ranges along other dimensions, combined by
% implicit expansion (the ranges are computed inside their readers' kernels).
if ~exist('B', 'var'), B = 2; end
if ~exist('H', 'var'), H = 3; end
if ~exist('W', 'var'), W = 4; end
bid = reshape(0:B-1, [B 1 1]);
yid = reshape(0:H-1, [1 H 1]);
xid = reshape(0:W-1, [1 1 W]);
idx = bid .* (H * W) + yid .* W + xid + 0.5
state = mod(1664525 .* idx + 1013904223, 4294967296.0);
field = state ./ 4294967296.0;
m = mean(mean(field, 2), 3)
col = reshape(1:2:2*H, [H 1]) .* ones(1, W)
