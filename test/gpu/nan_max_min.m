% Elementwise max and min ignore NaN as MATLAB's do (NaN only where both
% operands are): GPU kernels compute them with SPIR-V's NMax and NMin (one
% instruction on NVIDIA, in place of a maximum and two selects), for single
% and double, against a scalar and between tensors.
% RUN: runmatc compile %s --emit=spirv | FileCheck %s --check-prefix=SPIRV
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% SPIRV: OpExtInst %float %{{[0-9]+}} NMax
% SPIRV: OpExtInst %float %{{[0-9]+}} NMin
% SPIRV: OpExtInst %double %{{[0-9]+}} NMax
% CHECK: pairs 3 1 NaN 5 3 1 NaN -2
% CHECK: scalar 0 1 0 0 0 0 0 -2
% CHECK: double 3 1 NaN 5 -1 -1 -1 -2
% CHECK: counts 250 0 0 1000 1000
z = single(rand(4, 1) * 0);
a = [z(1) / z(1); 1; z(3) / z(3); -2];
b = [3; z(2) / z(2); z(4) / z(4); 5];
fprintf('pairs %g %g %g %g %g %g %g %g\n', max(a, b), min(a, b));
fprintf('scalar %g %g %g %g %g %g %g %g\n', max(a, single(0)), min(a, single(0)));
fprintf('double %g %g %g %g %g %g %g %g\n', max(double(a), double(b)), min(double(a), -1));
% A quarter NaN (0 * Inf), the rest on both sides of zero: no NaN survives.
n = 1000;
k = (1:n)';
v = single(k - 500) ./ single(mod(k, 4) ~= 0);
v = v - v .* single(mod(k, 4) == 0); % 0 * Inf is NaN where mod(k, 4) == 0
m = max(v, single(0));
l = min(v, single(0));
fprintf('counts %d %d %d %d %d\n', sum(v ~= v), sum(m ~= m), sum(l ~= l), sum(m >= 0), sum(l <= 0));
