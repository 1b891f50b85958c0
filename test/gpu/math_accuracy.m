% Single-precision exp, log, sin and cos stay within a few ulps of the
% double-precision result on the GPU (lavapipe here) as on the CPU, also for
% large arguments, where range reduction must not lose bits (lavapipe's fma
% once cost exp 35 ulps and cos 75).
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% CHECK: exp 1
% CHECK: log 1
% CHECK: cos 1
% CHECK: sin 1
if ~exist('n', 'var'), n = 20000; end
rng(5);
a = rand(n, 1, 'single') * 128 - 64;
u = rand(n, 1, 'single');
e = max(abs(double(exp(a)) - exp(double(a))) ./ exp(double(a)));
fprintf('exp %d\n', e < 3e-7);
l = max(abs(double(log(u)) - log(double(u))) ./ max(abs(log(double(u))), 1e-3));
fprintf('log %d\n', l < 3e-7);
c = max(abs(double(cos(a)) - cos(double(a))));
fprintf('cos %d\n', c < 2e-7);
s = max(abs(double(sin(a)) - sin(double(a))));
fprintf('sin %d\n', s < 2e-7);
