% isnan, isinf and isfinite (traced as comparisons) on both devices, single
% and double, tensors and constants; the values as Octave prints them.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% RUN: runmatc compile %s --emit=trace | FileCheck %s --check-prefix=TRACE
% CHECK: single 1 0 0 0 0 0 1 1 0 1 0 0
% CHECK: double 1 0 0 0 0 0 1 1 0 1 0 0
% CHECK: constants 1 1 1 0
% CHECK: counts 250 500 250
% TRACE: op: ne
% TRACE: op: abs
% TRACE: op: eq
% TRACE: op: lt
z = single(rand(1, 4) * 0);
x = [z(1) / z(2), 1 + z(3), -z(1) - 1 ./ z(4), 1 ./ z(1)]; % NaN 1 -Inf Inf
y = double(x) + [0, 2, 0, 0];
fprintf('single %d %d %d %d %d %d %d %d %d %d %d %d\n', isnan(x), isinf(x), isfinite(x));
fprintf('double %d %d %d %d %d %d %d %d %d %d %d %d\n', isnan(y), isinf(-y), isfinite(y));
fprintf('constants %d %d %d %d\n', isnan(NaN), isinf(-Inf), isfinite(3), isfinite(Inf));
k = (1:1000)';
v = single(mod(k, 4) - 2) ./ single(mod(k, 2)); % NaN (0/0), -Inf or finite by k mod 4
fprintf('counts %d %d %d\n', sum(isnan(v)), sum(isfinite(v)), sum(isinf(v)));
