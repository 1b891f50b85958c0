% A run-time if that assigns nothing (only prints) imports and verifies.
% RUN: runmatc compile %s --emit=mlir | FileCheck %s
% CHECK: scf.if %{{.*}} {
% CHECK-NEXT: runmat.print "positive\\n"
% CHECK-NEXT: } else {
% CHECK-NEXT: runmat.print "not positive\\n"
% CHECK-NEXT: }
if ~exist('x', 'var'), x = 2; end
if x > 0
  fprintf('positive\n');
else
  fprintf('not positive\n');
end
