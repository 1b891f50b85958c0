% exit (and quit) end the script successfully where run time reaches them.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s
% RUN: runmat-run %t.rmx -p n=2 | FileCheck %s --check-prefix=ALL
if ~exist('n', 'var'), n = 3; end
x = rand(n, 1);
fprintf('before\n');
if numel(x) == 3
  exit;
end
fprintf('after\n');
% CHECK: before
% CHECK-NOT: after
% ALL: before
% ALL-NEXT: after
