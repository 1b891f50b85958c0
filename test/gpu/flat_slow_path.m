% The flat form's main loop has no branch at each point: a constant power
% whose base is outside its fast range (tiny, huge, negative, NaN, Inf)
% only sets a flag, a compensated sum that meets an infinity ends
% non-finite, and an invocation with either starts over with the branches
% (GlslKernel.cpp emitFlat). Rare bases among ordinary ones give the CPU's
% sums: row 3 a tiny base (its power counted again in t), 5 a huge one, 7
% NaN, 9 Inf, 11 zero (fast), 16 a negative base (NaN).
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu -v > %t.gpu 2> %t.err
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5
% RUN: FileCheck %s --check-prefix=FORM < %t.err
% RUN: FileCheck %s < %t.gpu
% RUN: runmatc compile %s --emit=glsl | FileCheck %s --check-prefix=GLSL
% FORM: flat_slow_path.m:{{[0-9]+}}:{{[0-9]+}} (flat: 16 residues,
% CHECK: 3 5150.{{[0-9]+}} 1.0000
% CHECK: 5 9.99997{{[0-9]}}e+35 NaN
% CHECK: 7 NaN NaN
% CHECK: 9 Inf NaN
% CHECK: 11 4963.2{{[0-9]*}} 0
% CHECK: 16 NaN NaN
% GLSL: bool rm_slow = false;
% GLSL: _slow = !(
% GLSL: rm_slow = rm_slow || isinf(acc0_0)
% GLSL: {{\[\[}}dont_flatten]] if (rm_slow) {
rng(3);
X = rand(16, 4096, 'single') * 2;
X = X .* (1 - at(3, 17) - at(5, 900) - at(16, 4000) - at(11, 77)) + single(1e-20) * at(3, 17) + ...
    single(1e20) * at(5, 900) - single(0.5) * at(16, 4000);
X = X .* ((1 - at(7, 2001)) ./ (1 - at(7, 2001))) ./ (1 - at(9, 3));
s = sum(X .^ single(1.8), 2);
t = sum(X .^ single(1.8) .* single(1e36) .* (X < single(1e-10)), 2);
fprintf('%d %.7g %.7g\n', [(1:16)', double(s), double(t)]');

% A single matrix with a 1 at (i, j).
function m = at(i, j)
  m = single(((1:16)' == i) & ((1:4096) == j));
end
