% A scalar loop that draws rand() stays on the host: no kernel launch per
% draw (a million launches took seconds), and the draws are runmatc's Philox
% numbers, the same on every device.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --telemetry %t.json | FileCheck %s
% RUN: FileCheck %s --check-prefix=TELEMETRY < %t.json
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
if ~exist('n', 'var'), n = 200000; end
hits = 0;
for i = 1:n
  x = rand();
  y = rand(1, 1);
  if x * x + y * y <= 1
    hits = hits + 1;
  end
end
z = randn();
fprintf('pi about %.2f, in range %d, normal finite %d\n', 4 * hits / n, abs(4 * hits / n - pi) < 0.02, isfinite(z));
% CHECK: pi about 3.14, in range 1, normal finite 1
% TELEMETRY: "launches": 0,
