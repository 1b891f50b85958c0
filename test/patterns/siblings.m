% Sibling reductions (patterns/lib/SiblingReductions.cpp): reductions over
% the same space and dimensions that share an input become one kernel.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
x = rand(100, 3);
% Siblings: the column sums and maxima of x, one pass.
s = sum(x, 1);
m = max(x, [], 1);
% Not siblings: the second reads the first's result.
a = sum(x .* 2, 2);
b = sum(x .* a, 2);
% r and c reduce different dimensions: not siblings of each other (not
% even candidates), but each is a sibling of a sum above.
r = sum(x .^ 3, 1);
c = sum(x .^ 3, 2);
fprintf('%g %g %g %g %g %g\n', s(1), m(1), a(1), b(1), r(1), c(1));
% REPORT: sibling-reductions:
% REPORT-NEXT: runmat.reduce {{.*}}siblings.m:7:5
% REPORT-NEXT: runmat.reduce {{.*}}siblings.m:8:5
% REPORT: rejected
% REPORT-DAG: sibling-reductions: runmat.reduce {{.*}}siblings.m:10:5 with runmat.reduce {{.*}}siblings.m:11:5
% REPORT-DAG: because the second reads the first's result
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}siblings.m:7:5"
% IR-SAME: reduce [0] combiners [sum, max, sum]
% IR-SAME: "runmat.reduce {{.*}}siblings.m:14:5"
% IR-SAME: -> (tensor<1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>)
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}siblings.m:10:5"
% IR-SAME: combiners [sum, sum]
% IR-SAME: "runmat.reduce {{.*}}siblings.m:15:5"
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}siblings.m:11:5"
% IR-SAME: combiners [sum]
