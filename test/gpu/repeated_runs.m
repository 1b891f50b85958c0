% runmat-run --repeat runs the entry N times in one session, as a VM does:
% every run prints what the first printed (a difference is reported), the
% first records its command buffers, later runs replay them with nothing
% recorded, and one more run, timed, gives the GPU's kernel time. With the
% pipelines built in the background (RUNMAT_GPU_PREBUILD=on, which lavapipe
% does not get by default), the same numbers.
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device cpu > %t.cpu
% RUN: runmat-run %t.rmx --device gpu --repeat 4 --telemetry %t.json > %t.gpu 2> %t.err
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.gpu 1e-5
% RUN: FileCheck %s --check-prefix=REPORT < %t.err
% RUN: /usr/bin/python3 %S/check_repeat.py %t.json 4
% RUN: env RUNMAT_GPU_PREBUILD=on RUNMAT_CACHE_DIR=%t.cache runmat-run %t.rmx --device gpu > %t.prebuilt
% RUN: /usr/bin/python3 %S/close_outputs.py %t.cpu %t.prebuilt 1e-5
% REPORT: runmat-run: 4 runs of repeated_runs (--device gpu); runs 2..4
% REPORT-NOT: printed other text
% REPORT: command buffers replayed 0 [[N:[1-9][0-9]*]] [[N]]
% REPORT: command buffers recorded [[N]] 0 0
% REPORT: one more run, timed: GPU kernels
if ~exist('n', 'var'), n = 3000; end
x = rand(n, 1, 'single');
y = cumulative_free(x);
s = sum(y .* y);
m = max(y);
fprintf('%.6g %.6g\n', double(s), double(m));
z = reshape(y(1:2 * floor(n / 2)), 2, []);
fprintf('%.6g\n', double(sum(z, 2)));

function y = cumulative_free(x)
  y = 2 * x + 1;
  for k = 1:3
    y = 0.5 * y + x;
  end
end
