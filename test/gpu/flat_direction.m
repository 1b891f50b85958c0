% A flat reduction whose streamed input the kernel just before it wrote
% walks that input from its end, where the cache still holds it; the next
% one walks from the start again (GlslKernel.cpp walksBackward). Either
% way the sums are the CPU's: 16 rows, and 2 rows of an odd length, whose
% last two points are the tail that invocation 0 takes.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu -v > %t.gpu 2> %t.err
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5
% RUN: FileCheck %s --check-prefix=FORM < %t.err
% RUN: runmatc compile %s --emit=glsl | FileCheck %s --check-prefix=GLSL
% FORM: flat_direction.m:28:6 (flat: 16 residues,
% FORM: flat_direction.m:29:5 (flat: 16 residues,
% FORM: flat_direction.m:32:5 (flat: 2 residues,
% FORM: flat_direction.m:34:22 (flat: 1 residue,
% GLSL: ---- kernel 1 (flat)
% GLSL: int q{{[0-9]+}} = (4 * max(C - 1 - T, 0) + 0) % Q;
% GLSL: const vec4 x0_0 = in0x4.v[C - 1 - (c + 0 * NT)];
% GLSL: ---- kernel 2 (flat)
% GLSL: int q{{[0-9]+}} = (4 * t + 0) % Q;
% GLSL: const vec4 x0_0 = in0x4.v[c + 0 * NT];
% GLSL: ---- kernel 4 (flat)
% GLSL: const vec4 x0_0 = in0x4.v[C - 1 - (c + 0 * NT)];
% GLSL: ---- kernel 5 (flat)
% GLSL: const vec4 x0_0 = in0x4.v[c + 0 * NT];
rng(5);
x = rand(16, 5000, 'single');
mu = mean(x, 2);
d = sum(sqrt(abs(x - mu)), 2);
fprintf('%.7g %.7g\n', [mu, d]');
y = rand(2, 4999, 'single') + single(1);
m = mean(y, 2);
c = sum(y, 1);
fprintf('%.7g\n', m, sum(c));
