% Tensors move between host and device only when needed: a host value is
% uploaded once when a GPU kernel reads it, gather and printing download,
% nothing else does. Counted by the telemetry.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device gpu --telemetry %t.json | FileCheck %s
% RUN: FileCheck %s --check-prefix=TELEMETRY < %t.json
% CHECK: 5.0000
% TELEMETRY: "gpu": {
% TELEMETRY: "download_bytes": 4008.0,
% TELEMETRY: "upload_bytes": 24.0
if ~exist('n', 'var'), n = 1000; end
c = [n 2 3];                          % built on the host: 24 bytes go up once
x = gpuArray(rand(n, 1, 'single'));   % made on the device: nothing moves
y = x .* 0 + sum(c) + max(c) - 2000;  % c is read twice, uploaded once
g = gather(y);                        % the one download of y: 4000 bytes
s = sum(g);                           % g is valid on both sides: no transfer
fprintf('%.4f\n', double(s) / n);   % reading double(s): 8 bytes
