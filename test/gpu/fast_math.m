% runmatc compile --math=fast: the GPU kernels' single-precision exp, log and
% pow go through the device's exp2 and log2 (math_fast_f32.glsl), within a
% few ulps (lavapipe's exp2 is the loosest seen: 2.8e-6), and with the same
% special values as the accurate functions; the CPU code is unchanged.
% The manifest and the telemetry say which math an artifact has.
% RUN: runmatc compile %s --math=fast -o %t.rmx
% RUN: runmat-run %t.rmx --device gpu --telemetry %t.json | FileCheck %s
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% RUN: FileCheck %s --check-prefix=TELEMETRY < %t.json
% RUN: runmat-run %t.rmx --manifest | FileCheck %s --check-prefix=MANIFEST
% RUN: runmatc compile %s --math=fast --emit=glsl | FileCheck %s --check-prefix=GLSL
% RUN: runmatc compile %s --emit=glsl | FileCheck %s --check-prefix=ACCURATE
% RUN: not runmatc compile %s --math=sloppy 2>&1 | FileCheck %s --check-prefix=BAD
% CHECK: accuracy 1 1 1 1
% CHECK: specials 1 NaN Inf 0 -Inf Inf NaN 0 0 Inf -8 -Inf
% TELEMETRY: "math": "fast"
% MANIFEST: math: fast
% GLSL: float rm_pow_fast_f32(
% GLSL: rm_pow_fast_f32(
% ACCURATE-NOT: rm_pow_fast_f32
% BAD: --math: sloppy not in {accurate,fast}
rng(5);
n = 20000;
u = rand(n, 1, 'single');
b = u * 3;
a = rand(n, 1, 'single') * 128 - 64;
p = max(abs(double(b .^ single(1.8)) - double(b) .^ double(single(1.8))) ./ (double(b) .^ double(single(1.8))));
q = max(abs(double(u .^ single(-2.5)) - double(u) .^ -2.5) ./ (double(u) .^ -2.5));
e = max(abs(double(exp(a)) - exp(double(a))) ./ exp(double(a)));
l = max(abs(double(log(u)) - log(double(u))));
fprintf('accuracy %d %d %d %d\n', p < 2e-6, q < 2e-6, e < 5e-6, l < 5e-7);
z = single(zeros(1, 1) + rand(1, 1) * 0);
o = z + 1;
v = [z .^ 0, (z - 1) .^ 0.5, z .^ -1.5, z .^ 1.5, log(z), exp(o * 100), log(z - 1), (o * 2) .^ -Inf, ...
     exp(-o * 200), (o * 1e30) .^ 3.5, (-o * 2) .^ 3, (-o / z) .^ 65];
fprintf('specials %g %g %g %g %g %g %g %g %g %g %g %g\n', v);
