% A small program compiled to an artifact and run, with parameters.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx | FileCheck %s --check-prefix=DEFAULT
% RUN: runmat-run %t.rmx -p n=3 -p scale=2 | FileCheck %s --check-prefix=OVERRIDE
% RUN: runmat-run %t.rmx --list | FileCheck %s --check-prefix=LIST
% RUN: not runmat-run %t.rmx -p q=1 2>&1 | FileCheck %s --check-prefix=UNKNOWN
% RUN: not runmat-run %t.rmx -p n=-4 2>&1 | FileCheck %s --check-prefix=NEGATIVE
% RUN: not runmat-run %t.rmx -p n=2.5 2>&1 | FileCheck %s --check-prefix=FRACTION
% RUN: not runmat-run %t.rmx -p n=abc 2>&1 | FileCheck %s --check-prefix=NOTNUMBER
% RUN: not runmat-run %t.rmx -p n=30000000000 2>&1 | FileCheck %s --check-prefix=HUGE
% RUN: not runmat-run %t.rmx --device tpu 2>&1 | FileCheck %s --check-prefix=DEVICE
% RUN: not runmat-run %t.missing.rmx 2>&1 | FileCheck %s --check-prefix=MISSING
if ~exist('n', 'var'), n = 5; end
if ~exist('scale', 'var'), scale = 1; end
x = (1:n)' * scale;
z = ones(n, 2);                  % n is a size: checked before the run
y = x .^ 2;
fprintf('n=%d sum=%g last=%g zeros=%d\n', numel(y), sum(y), y(end), sum(z(:)));
x
% DEFAULT: n=5 sum=55 last=25 zeros=10
% DEFAULT-NEXT: x =
% DEFAULT-EMPTY:
% DEFAULT-NEXT: 1
% DEFAULT-NEXT: 2
% OVERRIDE: n=3 sum=56 last=36 zeros=6
% LIST: scalar_program n=5 scale=1
% UNKNOWN: runmat-run: error: bad parameter: 'q' is not a parameter of scalar_program (parameters: n, scale)
% NEGATIVE: runmat-run: error: the program stopped: parameter 'n' is used as a size or an index and must be a non-negative integer, got -4
% FRACTION: got 2.5
% NOTNUMBER: runmat-run: error: the value of parameter 'n' is not a number: 'abc'
% The size is the artifact's compiled form of the manifest's expression: 8 * 3e10 bytes.
% HUGE: runmat-run: error: the program stopped: the parameters need a buffer of 223.5 GiB (8*{{.*}}(n-1){{.*}} bytes), more than this machine's
% DEVICE: --device: tpu not in {auto,cpu,gpu}
% MISSING: runmat-run: error: cannot load the artifact: cannot open artifact
