% A function file compiles to an entry with tensor inputs and outputs; an
% arguments block gives the class and size of an input.
% RUN: runmatc trace %s | FileCheck %s
% RUN: runmatc compile %s --emit=mlir | FileCheck %s --check-prefix=MLIR
function [y, total] = function_entry(x, w)
  arguments
    x (:,:) single
    w (1,:) single
  end
  y = x .* w + helper(x);
  total = sum(y, 'all');
end

function h = helper(x)
  h = 2 * x;
end
% CHECK: kind: function
% CHECK: inputs:
% CHECK-NEXT: {name: x, id: [[X:v[0-9]+]], type: "single[[[R:v[0-9]+]],[[C:v[0-9]+]]]", dims: [[[R]], [[C]]]}
% CHECK-NEXT: {name: w, id: [[W:v[0-9]+]], type: "single[1,[[WC:v[0-9]+]]]", dims: [{{v[0-9]+}}, [[WC]]]}
% CHECK: outputs:
% CHECK-NEXT: {name: y, value: [[Y:v[0-9]+]]}
% CHECK-NEXT: {name: total, value: {{v[0-9]+}}}
% CHECK: op: times
% CHECK-NEXT: args: [[[X]], [[W]]]
% MLIR: func.func @function_entry(%arg0: tensor<?x?xf32> {runmat.input = "x"}, %arg1: tensor<1x?xf32> {runmat.input = "w"}) -> (tensor<?x?xf32> {runmat.output = "y"}, tensor<1x1xf32> {runmat.output = "total"}) attributes {runmat.kind = "function"}
% The run-time check that x and w agree in their columns:
% MLIR: runmat.check %{{.*}}, "sizes size(x,2) and size(w,2) differ at run time, where 'times' needs them equal
% MLIR: return %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<1x1xf32>
