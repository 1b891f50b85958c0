% any and all (counts of nonzeros and zeros: any ignores NaN, as MATLAB's
% does), and sum, prod, mean, any and all of [] reducing it whole (sum([])
% is 0, not a 1 x 0 empty). Values as Octave prints them.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% CHECK: any 1 1 0 1 0 1
% CHECK-NEXT: all 0 0 0 0 0 0
% CHECK-NEXT: whole 1 0
% CHECK-NEXT: empty 0 1 1 NaN 0 1 1 3 0
% CHECK-NEXT: logical logical
x = [0 1 0; 0 0 0; 2 0 NaN];
fprintf('any %d %d %d %d %d %d\n', any(x), any(x, 2));
fprintf('all %d %d %d %d %d %d\n', all(x), all(x, 2));
fprintf('whole %d %d\n', any(x, 'all'), all(x, 'all'));
fprintf('empty %g %g %g %g %d %d %d %d %d\n', sum([]), prod([]), numel(sum([])), mean([]), any([]), all([]), ...
        numel(any([])), numel(sum(zeros(0, 3))), numel(sum(zeros(3, 0))));
fprintf('%s %s\n', class(any(x)), class(all(x > 0, 1)));
