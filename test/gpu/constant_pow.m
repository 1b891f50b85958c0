% x.^c for a constant single-precision c near a fraction with a small
% denominator (gamma curves, roots): the GPU computes x^m * x^(-b/q) from
% the device's exp2 and log2 with one Newton step (ConstantPow.cpp), within
% 1.5 ulps on NVIDIA (lavapipe, whose fma is not fused, a few ulps).
% Bases outside [2^-L, 2^L] and the special ones take the general pow, so
% every base gives what the CPU gives. Exponents that are no such fraction
% (1.2345), negative or integer keep the general pow.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% RUN: runmatc compile %s --emit=glsl | FileCheck %s --check-prefix=GLSL
% CHECK: typical 1 1 1 1 1 1 1 1 1 1
% CHECK: wide 1 1 1 1 1 1 1 1 1 1
% CHECK: specials 0 0 Inf NaN NaN 0 Inf 1 1e-27 Inf 0
% CHECK: edges 1 1
% GLSL: ^(9/5 + delta) as {{.*}}^2 * r, r = {{.*}}^(-1/5)
% GLSL: ^(11/5 + delta) as {{.*}}^3 * r, r = {{.*}}^(-4/5)
% GLSL: ^(1/2) as {{.*}}^1 * r, r = {{.*}}^(-1/2)
% GLSL: ^(15/2) as {{.*}}^8 * r, r = {{.*}}^(-1/2)
% GLSL: {{\[\[}}dont_flatten]] if
% GLSL-NOT: ^(2469/2000
rng(7);
n = 20000;
cs = single([1.8, 2.2, 0.5, 1/3, 2.4, 1/2.2, 7.5, 0.1, 1.2345, -2.5]);
u = rand(n, 1, 'single') * 3 + single(0.01);
w = single(2 .^ (rand(n, 1) * 24 - 12));
% Each exponent a literal in its own kernel.
pu = [u .^ single(1.8), u .^ single(2.2), u .^ single(0.5), u .^ single(1/3), u .^ single(2.4), ...
      u .^ single(1/2.2), u .^ single(7.5), u .^ single(0.1), u .^ single(1.2345), u .^ single(-2.5)];
pw = [w .^ single(1.8), w .^ single(2.2), w .^ single(0.5), w .^ single(1/3), w .^ single(2.4), ...
      w .^ single(1/2.2), w .^ single(7.5), w .^ single(0.1), w .^ single(1.2345), w .^ single(-2.5)];
ref = double(u) .^ double(cs);
rt = max(abs(double(pu) - ref) ./ ref, [], 1);
ref = double(w) .^ double(cs);
rw = max(abs(double(pw) - ref) ./ ref, [], 1);
% The general pow is within 1.5e-6 on lavapipe (math_accuracy.m).
bound = [4e-7 * ones(1, 8), 2e-6, 2e-6];
fprintf('typical %d %d %d %d %d %d %d %d %d %d\n', rt < bound);
fprintf('wide %d %d %d %d %d %d %d %d %d %d\n', rw < bound);
z = single(rand(1, 1) * 0);
o = z + 1;
s = [z, -z, o / z, z / z, -o, o * 1e-40, o * 3e38, o, o * 1e-15, o * 2^100, o * 2^-100] .^ single(1.8);
fprintf('specials %g %g %g %g %g %g %g %g %g %g %g\n', s);
% Around the fast form's range (2^-50 .. 2^50 for 9/5): both sides agree
% with the double-precision power (2^-51 by the general pow, 1.8e-6 on
% lavapipe).
b = o * single(2 .^ [-51, -50, -49.99, 49.99, 50, 50.5]);
e = max(abs(double(b .^ single(1.8)) - double(b) .^ double(single(1.8))) ./ (double(b) .^ double(single(1.8))));
t = o * single([0.999999, 1, 1.0000001, 0.5, 2, 4]);
f = max(abs(double(t .^ single(2.2)) - double(t) .^ double(single(2.2))) ./ (double(t) .^ double(single(2.2))));
fprintf('edges %d %d\n', e < 2e-6, f < 4e-7);
