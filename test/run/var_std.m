% var and std (two passes, as MATLAB: the mean, then the squared deviations
% over n - 1, or n with weight 1; a single point gives 0, no points NaN),
% along the default, a given or every dimension; values as Octave prints
% them. (Not checked on lavapipe: std of a 1 x 0 empty, where lavapipe's
% code generator takes 0 / 0 with a constant 0 as 0.)
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% CHECK: 2 12.5 8 1.414213562 3.535533906 2.828427125 1 6.25 4 2.333333333 7 1.527525232 2.645751311 7.766666667 0 1.666666627
% CHECK-NEXT: single 1
% CHECK-NEXT: NaN
x = [1 2 4; 3 7 8];
fprintf('%.10g ', var(x), std(x), var(x, 1), var(x, 0, 2), std(x, [], 2), var(x(:)), std([5]), var(single([1 2 3 4])));
fprintf('\n');
y = rand(50, 4, 'single');
fprintf('%s %d\n', class(std(y)), abs(sum(std(y) .^ 2 - var(y))) < 1e-6);
fprintf('%g\n', var([]));
