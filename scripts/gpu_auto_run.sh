#!/bin/bash
# One call of the GPU machine for --device auto (issue 16): calibrate the
# H200 and its CPU (timed; a second process loads the files), accel-info,
# then benchmarks/auto_sweep.py over the suite at several sizes. Everything
# lands in $OUT as one archive. Expects .devbundle and .gl.
#   scripts/gpu_auto_run.sh [repeat] [processes] [process-seconds]
set -u
repeat=${1:-8}
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-auto PYTHONUNBUFFERED=1
B=.devbundle/bin
{ nvidia-smi -L; /usr/bin/time -f "calibrate: %e s" $B/runmat-run calibrate;
  /usr/bin/time -f "calibrate again (loads the files): %e s" $B/runmat-run calibrate; $B/runmat-run accel-info; find /tmp/runmat-auto -name "*.yaml" -exec sh -c 'echo "== $1"; cat "$1"' _ {} \; ; } \
  > "$OUT/calibration.txt" 2>&1
python3 benchmarks/auto_sweep.py --bin $B --artifacts .devbundle/rmx --repeat "$repeat" --processes "${2:-5}" --process-seconds "${3:-0}" \
  --json "$OUT/auto-sweep.json" 2>&1 | tee "$OUT/auto-sweep.txt"
grep -E "calibrate|measured|: file" "$OUT/calibration.txt"
cd "$OUT" && tar czf auto.tgz --exclude auto.tgz * && find . -type f ! -name auto.tgz -delete
