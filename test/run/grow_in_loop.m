% Arrays grown one element per trip of a host loop (x(end+1) = v, x(i) = v
% from [], a 2-D table) stay on the host: no kernel launch per trip (the one
% launch is zeros(0, 1)), and the shim grows them in place with room
% doubled, so 200000 appends copy O(n) elements, not O(n^2) (that took
% minutes). The same on the GPU device.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --telemetry %t.json | FileCheck %s
% RUN: FileCheck %s --check-prefix=TELEMETRY < %t.json
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
if ~exist('count', 'var'), count = 200000; end
x = [];
k = 0;
while k < count
  k = k + 1;
  x(end + 1) = mod(k, 7);
end
c = zeros(0, 1);
for k = 1:count
  c(k) = k;
end
t(1, 1) = 1;
for i = 2:200
  t(i, 1) = i;
  t(i, i) = -i;
end
fprintf('%d %d %d %d %d %d\n', numel(x), x(end), size(c, 1), c(end), size(t, 2), t(200, 200));
% CHECK: 200000 3 200000 200000 200 -200
% TELEMETRY: "launches": 1,
