% sum and mean with 'omitnan' (MATLAB's; this Octave has no such option):
% NaNs count as nothing, an all-NaN mean is NaN and an all-NaN sum 0.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
x = [1 NaN 3; NaN NaN 2] + rand(2, 3) * 0;
fprintf('%g ', mean(x, 1, 'omitnan')); fprintf('\n');
fprintf('%g ', mean(x, 2, 'omitnan')); fprintf('\n');
fprintf('%g ', sum(x, 1, 'omitnan')); fprintf('\n');
fprintf('%g %g\n', sum(x, 'all', 'omitnan'), mean(single(x), 'all', 'omitnan'));
fprintf('%g\n', mean([-Inf 5 NaN] + rand(1, 3) * 0, 'omitnan'));
% CHECK: 1 NaN 2.5
% CHECK-NEXT: 2 2
% CHECK-NEXT: 1 0 5
% CHECK-NEXT: 6 2
% CHECK-NEXT: -Inf
% prod with 'omitnan' is refused (test/frontend/errors/bad_reduction_option.m).
