% x.^y with an exponent known only at run time, of every kind: zero, small
% integers (exact repeated squaring, negative ones from 1/x), fractions of
% negative bases (NaN), beyond the squaring range (65), infinite and NaN
% exponents (1^NaN is 1, as in C and Octave); single and double. The GPU
% (lavapipe) prints what the CPU prints, to the general pow's accuracy.
% Integer powers up to 64 carry each product in two parts (fma): on the
% H200 within 6e-8 of the double result like the CPU's powf (plain squaring
% was 2.7e-6 off at x.^-64); lavapipe's fma is not fused, so there they
% are plain squaring, within 1e-5.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu > %t.gpu
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5
% RUN: FileCheck %s < %t.gpu
% CHECK: 1 1 1 1 1 1 1 1 1 1
% CHECK: -8 -1 -0.125 0 0.125 1 8 27 1e-09 Inf
% CHECK: specials Inf 1 0 0 0 1 Inf Inf 0 Inf 0 1 Inf Inf Inf 1 0 0 Inf 0 NaN NaN NaN NaN NaN 1 NaN NaN NaN NaN
% CHECK: double NaN 1 NaN 0.25 -8
% CHECK: integer powers 1 1 1 1 1 1 1 1 1 1 1 1
z = single(rand(1, 1) * 0);
x = single([-2, -1, -0.5, 0, 0.5, 1, 2, 3, 1e-3, 1e15]) + z; % no subnormal results (NVIDIA flushes them)
ys = single([0, 1, 2, 3, -1, -2, 0.5, -0.5, 1.8, 64, 65, -64]) + z;
for i = 1:numel(ys)
  fprintf('%.7g ', x .^ ys(i)); fprintf('\n');
end
fprintf('specials'); fprintf(' %g', x .^ (z + Inf), x .^ (z - Inf), x .^ (z / z)); fprintf('\n');
d = double(z) + [2, 1, -2];
q = double(z) / double(z); % NaN (lavapipe takes a literal 0 operand of * and / as absorbing)
fprintf('double %g %g %g %g %g\n', d(1) .^ q, d(2) .^ q, d(3) .^ 0.5, d(1) .^ d(3), d(3) .^ 3);
w = [rand(3000, 1, 'single') * 4 - 2; single(2 .^ (rand(3000, 1) * 8 - 4))];
ks = [3, 4, 5, 7, 8, 13, 31, 64, -3, -5, -17, -64];
fprintf('integer powers');
for i = 1:numel(ks)
  ref = double(w) .^ ks(i);
  err = abs(double(w .^ single(ks(i))) - ref) ./ abs(ref);
  fprintf(' %d', max(err .* (abs(ref) < 1e38 & abs(ref) > 1e-30)) < 1e-5);
end
fprintf('\n');
