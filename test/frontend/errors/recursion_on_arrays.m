% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: recursion_on_arrays.m:9:10: error: recursive call to 'msort' is deeper than 100 calls: runmatc inlines function calls, so a recursion on arrays must end at compile time (its arguments known when compiling); a recursion on run-time scalars is compiled as a host function, but recursion on arrays known only at run time is not supported yet
1;
function y = msort(x)
  if numel(x) <= 1
    y = x;
  else
    h = floor(numel(x) / 2);
    y = [msort(x(1:h)), msort(x(h+1:end))];
  end
end
if ~exist('n', 'var'), n = 8; end
disp(msort(rand(1, n)))
