% A map kernel's loop has no branch at each point either: a constant power
% whose base is outside its fast range (tiny, huge, negative, NaN, Inf)
% sets a flag, and an invocation that set it stores its points again with
% the branches (GlslKernel.cpp emitMap). Those bases, zero and an ordinary
% one give the CPU's powers.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu > %t.gpu
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5
% RUN: FileCheck %s < %t.gpu
% RUN: runmatc compile %s --emit=glsl | FileCheck %s --check-prefix=GLSL
% CHECK: 1.00000{{[0-9]}}e-36 9.99997{{[0-9]}}e+35 NaN NaN Inf 0 2.418374
% GLSL: kernel: runmat.pow {{.*}}map_slow_path.m:[[#@LINE+11]]:7
% GLSL: bool rm_slow = false;
% GLSL: rm_slow = rm_slow || v{{[0-9]+}}_slow;
% GLSL: {{\[\[}}dont_flatten]] if (rm_slow) {
rng(3);
X = rand(16, 4096, 'single') * 2;
X = X .* (1 - at(3, 17) - at(5, 900) - at(16, 4000) - at(11, 77)) + single(1e-20) * at(3, 17) + ...
    single(1e20) * at(5, 900) - single(0.5) * at(16, 4000);
X = X .* ((1 - at(7, 2001)) ./ (1 - at(7, 2001))) ./ (1 - at(9, 3));
% X is stored (two kernels read it), so the power is a map kernel of its own.
n = sum(X(:) .* X(:));
Y = X .^ single(1.8);
fprintf('%.7g %.7g %.7g %.7g %.7g %.7g %.7g\n', Y(3, 17), Y(5, 900), Y(16, 4000), Y(7, 2001), Y(9, 3), ...
        Y(11, 77), Y(1, 1));
fprintf('%g\n', n);

% A single matrix with a 1 at (i, j).
function m = at(i, j)
  m = single(((1:16)' == i) & ((1:4096) == j));
end
