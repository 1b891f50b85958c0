% Single-precision exp, log, sin and cos stay within a few ulps of the
% double-precision result on the GPU (lavapipe here) as on the CPU, also for
% large arguments, where range reduction must not lose bits (lavapipe's fma
% once cost exp 35 ulps and cos 75). pow carries y * log x in two parts: on
% a device whose fma is fused (NVIDIA) it stays near an ulp; lavapipe's fma
% is a product and a sum, which leaves about 1e-6 (rounding y * log x to
% single precision alone gave up to 1.8e-6 for x^-2.5).
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% CHECK: exp 1
% CHECK: log 1
% CHECK: cos 1
% CHECK: sin 1
% CHECK: pow 1 1
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
b = u * 3;
p = max(abs(double(b .^ single(1.8)) - double(b) .^ double(single(1.8))) ./ (double(b) .^ double(single(1.8))));
q = max(abs(double(u .^ single(-2.5)) - double(u) .^ -2.5) ./ (double(u) .^ -2.5));
fprintf('pow %d %d\n', p < 1.5e-6, q < 1.5e-6);
fprintf('pow error %.3g %.3g\n', p, q);
