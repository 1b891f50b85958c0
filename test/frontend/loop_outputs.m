% A function's outputs are read when it returns: a loop that assigns one
% carries it out, whether the output was set before the loop (and reset in
% it) or is first assigned in the loop body (issue 18's two compiler bugs).
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx | FileCheck %s
% RUN: runmatc compile %S/Inputs/loop_output_entry.m -o %t.entry.rmx && runmat-run %t.entry.rmx --list | FileCheck %s --check-prefix=ENTRY
% CHECK: reset 3
% CHECK-NEXT: first 12
% CHECK-NEXT: while 4
% ENTRY: {{.*}}loop_output_entry{{.*}}
fprintf('reset %g\n', reset_in_loop(1));
fprintf('first %g\n', first_in_loop(4));
fprintf('while %g\n', first_in_while(4));

function s = reset_in_loop(n)
  s = 0;
  for j = 1:3
    s = 0;
    s = s + j * n;
  end
end

function s = first_in_loop(n)
  for j = 1:3
    s = j * n;
  end
end

function s = first_in_while(n)
  k = 0;
  while k < n
    k = k + 1;
    s = k;
  end
end
