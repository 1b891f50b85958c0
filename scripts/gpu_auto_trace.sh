#!/bin/bash
# Where auto spends its extra time in a small process on the GPU machine (issue 16):
# system-call traces (strace -r -T, carried in .devbundle/tools) of one process
# under cpu and auto after calibration, then benchmarks/auto_overhead.py.
#   scripts/gpu_auto_trace.sh
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
[ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/rc
B=.devbundle/bin; A=.devbundle/rmx/iir_smoothing.rmx
$B/runmat-run calibrate > /dev/null 2>&1
$B/runmat-run $A -p M=1000 -p T=64 --device gpu > /dev/null
for d in cpu auto; do $B/runmat-run $A -p M=1000 -p T=64 --device $d >/dev/null; done
for d in cpu auto cpu auto; do LD_LIBRARY_PATH=$PWD/.devbundle/tools:$LD_LIBRARY_PATH .devbundle/tools/strace -f -r -T -o $OUT/st-$d.txt $B/runmat-run $A -p M=1000 -p T=64 --device $d >/dev/null; done
python3 benchmarks/auto_overhead.py --bin $B --artifacts .devbundle/rmx --rounds 30
