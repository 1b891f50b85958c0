% Epilogue hoisting (patterns/lib/EpilogueHoist.cpp): what a kernel computes
% from a reduction's results alone, at its output points, the reduction's
% epilogue computes once per output.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
x = rand(8, 300, 'single');
% sqrt(mean + 1) is per row: the sum's epilogue computes it, the division
% reads it at every point.
s = sqrt(sum(x, 2) / 300 + 1);
y = x ./ s;
% The sum v is printed too: hoisting would make the division read a second
% result of the reduction, so nothing moves.
z = rand(6, 50);
v = sum(z, 2);
w = z ./ sqrt(v + 1);
% The row maxima are used with the points themselves only: nothing to hoist.
m = max(x, [], 2);
d = x - m;
fprintf('%g %g %g %g\n', y(2, 3), v(1), w(1, 2), d(1, 1));
% REPORT: epilogue-hoist:
% REPORT-NEXT: runmat.reduce {{.*}}epilogue_hoist.m:9:10
% REPORT-NEXT: runmat.div {{.*}}epilogue_hoist.m:10:7
% REPORT-NEXT: arith.divf {{.*}}epilogue_hoist.m:9:20 (moved)
% REPORT-NEXT: arith.addf {{.*}}epilogue_hoist.m:9:26 (moved)
% REPORT-NEXT: math.sqrt {{.*}}epilogue_hoist.m:9:5 (moved)
% REPORT-NOT: epilogue-hoist: runmat.sub
% REPORT: epilogue-hoist: runmat.div {{.*}}epilogue_hoist.m:15:7 into runmat.reduce {{.*}}epilogue_hoist.m:14:5
% REPORT-NEXT: because the kernel would read more of the reduction's results than it stops reading
% REPORT-NOT: epilogue-hoist: runmat.sub
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}epilogue_hoist.m:9:10"
% IR: epilogue {
% IR: math.sqrt
% IR-NEXT: runmat.yield
% IR: runmat.kernel label "runmat.div {{[^"]*}}epilogue_hoist.m:10:7"
% IR-NOT: math.sqrt
% IR: arith.divf
% IR-NEXT: runmat.yield
% IR: runmat.kernel label "runmat.div {{[^"]*}}epilogue_hoist.m:15:7"
% IR: math.sqrt
% IR: arith.divf
