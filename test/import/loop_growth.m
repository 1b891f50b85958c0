% An array grown in a while loop: the loop carries its extent beside it
% (a double), its type has a dynamic extent at every boundary, and each
% trip resizes it to the larger of its extent and the index (the shim grows
% it in place when it can).
% RUN: runmatc compile %s --emit=mlir | FileCheck %s
% CHECK: runmat.reshape %{{.*}} : tensor<1x1xf64> -> tensor<1x?xf64>
% CHECK: scf.while (%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (f64, tensor<1x?xf64>, f64) -> (f64, tensor<1x?xf64>, f64)
% CHECK: %[[E:.*]] = runmat.to_index %{{.*}} {what = "the size computed at
% CHECK: runmat.resize %{{.*}}(%[[E]]) : tensor<1x?xf64> -> tensor<1x?xf64>
% CHECK: scf.yield %{{.*}}, %{{.*}}, %{{.*}} : f64, tensor<1x?xf64>, f64
if ~exist('steps', 'var'), steps = 4; end
x(1) = steps;
i = 1;
while i < steps
  x(i + 1) = x(i) / 2;
  i = i + 1;
end
disp(x)
