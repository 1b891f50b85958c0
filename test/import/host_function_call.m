% A recursion on a run-time scalar imports as a private host function of
% scalars (with its recursion depth first) that the entry and itself call.
% RUN: runmatc compile %s --emit=mlir | FileCheck %s
% CHECK-LABEL: func.func @host_function_call(
% CHECK: call @runmat_host_sumto(%{{.*}}, %{{.*}}) : (f64, f64) -> f64
% CHECK-LABEL: func.func private @runmat_host_sumto(%arg0: f64, %arg1: f64) -> f64 attributes {runmat.host_function}
% CHECK: runmat.check %{{.*}}, "max_recursion_depth exceeded: 'sumto' recursed more than 256 calls deep
% CHECK: call @runmat_host_sumto(%{{.*}}, %{{.*}}) : (f64, f64) -> f64
% CHECK: return %{{.*}} : f64
1;
function r = sumto(n)
  if n == 0
    r = 0;
  else
    r = n + sumto(n - 1);
  end
end
if ~exist('n', 'var'), n = 10; end
disp(sumto(n))
