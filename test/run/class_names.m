% class(x) is known at compile time (runmatc's values are typed): a text
% constant, as MATLAB and Octave print it.
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx | FileCheck %s
% CHECK: double single logical logical char single double
x = rand(2, 2, 'single');
fprintf('%s %s %s %s %s %s %s\n', class(1), class(x), class(true), class(x > 0.5), class('a'), ...
        class(x * 2), class(double(x) + 1));
