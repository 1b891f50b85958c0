% A time loop over columns whose step has group reductions (column sums):
% those that need not wait for one another share one exchange between the
% lanes (one barrier), a sum that needs another's result waits for it in an
% exchange of its own, and exchanges alternate between two halves of the
% shared arrays. On lavapipe, the same numbers as the CPU: columns of 100
% and 96 rows (whole subgroups of lavapipe's 8 lanes: subgroup sums), and of
% 3 rows (4 lanes, fewer than a subgroup: the shared-memory tree).
% RUN: runmatc compile %s --emit=glsl > %t.glsl
% RUN: FileCheck %s < %t.glsl
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu > %t.gpu
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5
% RUN: runmat-run %t.rmx -p p=96 --device cpu > %t.cpu96
% RUN: runmat-run %t.rmx -p p=96 --device gpu > %t.gpu96
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu96 %t.gpu96 1e-5
% RUN: runmat-run %t.rmx -p p=3 --device cpu > %t.cpu3
% RUN: runmat-run %t.rmx -p p=3 --device gpu > %t.gpu3
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu3 %t.gpu3 1e-5
% CHECK: shared float rm_gx_float[2 * 3 * RM_WG];
% CHECK: rm_exchange++ & 1;
% CHECK: const float part0 = subgroupAdd(
% CHECK-NEXT: const float part1 = subgroupAdd(
% CHECK-NOT: const float part2
% CHECK: barrier();
% CHECK: rm_exchange++ & 1;
% CHECK: const float part0 = subgroupAdd(
% CHECK-NOT: const float part1
% CHECK: barrier();
if ~exist('p', 'var'), p = 100; end
if ~exist('C', 'var'), C = 37; end
rng(3);
W = zeros(p, C, 'single');
for t = 1:20
  x = rand(p, C, 'single');
  a = sum(x .* x, 1);
  b = sum(x .* W, 1);
  c = sum(x - b / p, 1);
  W = W + single(0.25) * x .* ((a - b + c) ./ (a + 1));
end
fprintf('%.6g\n', double(sum(W, 1)));
