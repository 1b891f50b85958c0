% Reduction fusion (patterns/lib/ReductionFusion.cpp, MeanVariance.cpp, SiblingReductions.cpp).
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
x = rand(4, 30, 20);
% Nested means: one reduction over dimensions 2 and 3.
mu = mean(mean(x, 2), 3);
% The variance about that mean: the same pass (sums of x and x.^2).
v = mean(mean((x - mu).^2, 2), 3);
% The mean of every element through x(:): x's producer fuses in.
y = x .* 2;
a = mean(y(:));
% A max of a mean: not a sum of sums.
b = max(mean(x .* 3, 2), [], 3);
% The outer sum reads sqrt of the inner one (fused into its loads): no nesting.
c = sum(sqrt(sum(x, 2)), 3);
fprintf('%g %g %g %g %g\n', mu(1), v(1), a, b(1), c(1));
% The same, written (mean - x)^2, over one dimension.
m2 = mean(x .* 5, 2);
w = mean((m2 - x .* 5).^2, 2);
fprintf('%g %g\n', m2(1), w(1));
% REPORT-DAG: nested-reduction:
% REPORT-DAG: mean-variance:
% REPORT-DAG: reshaped-reduction:
% REPORT-DAG: sibling-reductions:
% REPORT: rejected
% REPORT-DAG: nested-reduction: runmat.reduce {{.*}}reductions.m:13:9 into runmat.reduce {{.*}}reductions.m:13:5
% REPORT-DAG: because only sums nest
% REPORT-DAG: nested-reduction: runmat.reduce {{.*}}reductions.m:15:14 into runmat.reduce {{.*}}reductions.m:15:5
% REPORT-DAG: because the outer reduction transforms the inner one's result
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}reductions.m:8:10"
% IR-SAME: reduce [1, 2] combiners [sum, sum]
% IR-SAME: -> (tensor<4x1xf64>, tensor<4x1xf64>)
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}reductions.m:11:5"
% IR-SAME: reduce [0, 1, 2]
% IR-SAME: "runmat.reshape {{.*}}reductions.m:11:10"
% IR: arith.mulf
% (mean - x)^2 with x = x .* 5 computed in both sums: one pass too. Those
% two sums, b's inner mean and c's inner sum all reduce x over dimension
% 2: siblings, one kernel that reads x once for all four.
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}reductions.m:13:9"
% IR-SAME: reduce [1] combiners [sum, sum, sum, sum]
% IR-SAME: "runmat.reduce {{.*}}reductions.m:15:14"
% IR-SAME: "runmat.reduce {{.*}}reductions.m:19:5"
