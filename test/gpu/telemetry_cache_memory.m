% Telemetry's pipeline-cache counts, schedules as fields and peak host memory: a session's first
% run on the GPU builds its pipelines (misses), the second finds them
% (hits, no misses); on the CPU the peak host memory is at least the 8 MB
% of the largest tensor (1000 x 1000 doubles: cumsum's input and output
% live on the host).
% RUN: runmatc compile %s -o %t.rmx
% RUN: runmat-run %t.rmx --device gpu --repeat 2 --telemetry %t.gpu.json > /dev/null 2>&1
% RUN: FileCheck %s --check-prefix=GPU < %t.gpu.json
% RUN: FileCheck %s --check-prefix=SCHED < %t.gpu.json
% RUN: runmat-run %t.rmx --device cpu --telemetry %t.cpu.json > /dev/null
% RUN: FileCheck %s --check-prefix=CPU < %t.cpu.json
if ~exist('n', 'var'), n = 1000; end
x = rand(n, n);
y = cumsum(sqrt(x) + 1);
fprintf('%.3f\n', sum(y(end, :)) / n^2);
% GPU: "runs": [
% GPU: "pipeline_cache_hits": 0,
% GPU-NEXT: "pipeline_cache_misses": {{[1-9][0-9]*}},
% GPU: "run": 1,
% GPU: "pipeline_cache_hits": {{[1-9][0-9]*}},
% GPU-NEXT: "pipeline_cache_misses": 0,
% GPU: "run": 2,
% Each generated kernel's schedule as fields too.
% SCHED: "schedules": [
% SCHED-NEXT: {
% SCHED-NEXT: "form": "{{map|flat|split}}",
% SCHED-NEXT: "source": "model",
% SCHED-NEXT: "workgroup_size": {{[1-9][0-9]*}},
% SCHED-NEXT: "workgroups": {{[1-9][0-9]*}}
% CPU: "peak_host_bytes": {{([89][0-9]{6}|[0-9]{8,})}},
