#!/bin/bash
# One call of the GPU machine for the start rule of --device auto (issue
# 16): calibration step by step (scripts/gpu_calibration_diag.sh), the
# calibration auto keeps, then what using the GPU costs whole processes
# (benchmarks/gpu_process_cost.py). Expects .devbundle and .gl.
#   scripts/gpu_start_diag.sh [rounds]
set -u
bash scripts/gpu_calibration_diag.sh > "$OUT/calibration-steps.txt" 2>&1
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cal3 PYTHONUNBUFFERED=1
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
.devbundle/bin/runmat-run accel-info > "$OUT/accel-info.txt" 2>&1
python3 benchmarks/gpu_process_cost.py --bin .devbundle/bin --artifacts .devbundle/rmx --rounds "${1:-9}" 2>&1 | tee "$OUT/process-cost.txt"
grep -E "calibrate|==" "$OUT/calibration-steps.txt"
grep -E "transfer_seconds|start_seconds|submit_seconds|upload_bandwidth" "$OUT/accel-info.txt"
# What one system call costs on this machine (auto's files are a few dozen of them).
python3 -c "
import os, time
n = 20000; t = time.perf_counter()
for _ in range(n):
    try: os.stat('/tmp/no-such-file')
    except OSError: pass
print('a stat that fails: %.2f us' % ((time.perf_counter() - t) / n * 1e6))" | tee -a "$OUT/process-cost.txt"
