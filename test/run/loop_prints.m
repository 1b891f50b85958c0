% Loops whose bodies only print (no value carried from one trip to the
% next): the importer used to leave two scf.yield in such a for loop, and
% compiling failed with an internal verifier error. And a loop variable
% read after its loop (so carried out of it): inside the loop it read the
% previous trip's value: s and i came out 0, not 10 and 4, and ys(i) stopped
% at index 0.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu | FileCheck %s
% RUN: runmat-run %t.rmx --device gpu | FileCheck %s
% CHECK: trip 1 of 3: 2
% CHECK-NEXT: trip 2 of 3: 4
% CHECK-NEXT: trip 3 of 3: 8
% CHECK-NEXT: row 1 1 4 9
% CHECK-NEXT: row 2 1 8 27
% CHECK-NEXT: while 1
% CHECK-NEXT: while 2
% CHECK-NEXT: after 3
% CHECK-NEXT: sum 10 last 4
% CHECK-NEXT: again 5 6 7
% CHECK-NEXT: times 30
x = single([1, 2, 3]);
for i = 1:3
  fprintf('trip %d of %d: %g\n', i, 3, 2 ^ i);
end
ys = [2, 3];
for k = 1:numel(ys)
  fprintf('row %d %g %g %g\n', k, x .^ ys(k));
end
n = 1;
while n < 3
  fprintf('while %d\n', n);
  n = n + 1;
end
fprintf('after %d\n', n);
s = 0;
for i = 1:4
  s = s + i;
end
fprintf('sum %g last %g\n', s, i);
ys = [5, 6, 7];
fprintf('again');
for i = 1:3
  fprintf(' %g', ys(i));
end
fprintf('\n');
for k = 1:3
  k = k * 10;
end
fprintf('times %g\n', k);
