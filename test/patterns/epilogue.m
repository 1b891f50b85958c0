% Epilogue fusion (patterns/lib/EpilogueFusion.cpp): a map kernel reading
% only a reduction's results at its output points runs in its epilogue.
% RUN: runmatc compile %s --emit=fused -o %t.mlir --report | FileCheck %s --check-prefix=REPORT
% RUN: FileCheck %s --check-prefix=IR < %t.mlir
x = rand(200, 4, 'single');
m = sqrt(double(sum(x, 1)) / 3);
% The reduction's result is also read by another kernel: no fusion. (It
% sums another tensor, so that it is no sibling of the first sum.)
y = rand(200, 4, 'single');
s = sum(y .* 2, 1);
t = s + y;
fprintf('%g %g %g\n', m(1), s(2), t(1));
% REPORT: epilogue:
% REPORT-NEXT: runmat.reduce {{.*}}epilogue.m:6:17
% IR: runmat.kernel label "runmat.reduce {{[^"]*}}epilogue.m:6:17"
% IR-SAME: -> (tensor<1x4xf64>)
% IR: epilogue {
% The constant divisor, a scalar of the consumer, is sunk into the epilogue.
% IR-NEXT: ^bb0(%{{.*}}: f32, %{{.*}}: index, %{{.*}}: index):
% IR-NEXT: arith.constant 3.000000e+00 : f64
% IR: arith.extf
% IR: math.sqrt
% The second sum stays a kernel of its own, read by the addition.
% IR: %[[S:.*]] = runmat.kernel label "runmat.reduce {{.*}}epilogue.m:10:5"
% IR: runmat.kernel label "runmat.add {{[^"]*}}epilogue.m:11:7"{{.*}}ins(%[[S]],
