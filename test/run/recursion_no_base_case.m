% A recursion without a base case is inlined as deep as inlining goes, then
% continues as a host function, and stops the run (not the compiler) once
% it is deeper than Octave's max_recursion_depth, as Octave does.
% RUN: runmatc compile %s -o %t.rmx
% RUN: not runmat-run %t.rmx 2>&1 | FileCheck %s
% CHECK: max_recursion_depth exceeded: 'f' recursed more than 256 calls deep (
y = f(3);
function r = f(x)
  r = f(x - 1);
end
