#!/bin/bash
# What one call of the GPU machine runs (see TEAM_B_PROGRESS.md): install the
# carried Vulkan loader, report the device, run the end-to-end programs and
# the suite on the GPU, then the benchmark against PyTorch. Everything lands
# in $OUT. Expects .devbundle (scripts/gpu_bundle.sh) and .gl (loader .debs).
#   scripts/gpu_device_run.sh [repeat] [programs]
set -u
repeat=${1:-3}; programs=${2:-pca,image_normalize,monte_carlo,nlms,iir_smoothing}
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache PYTHONUNBUFFERED=1
B=.devbundle/bin
nvidia-smi -L | tee "$OUT/device.txt"
$B/runmat-run accel-info | tee -a "$OUT/device.txt"
# End-to-end programs on the GPU: outputs compared with the CPU's back home.
for a in .devbundle/e2e/*.rmx; do
  n=$(basename "$a" .rmx); echo "== $n"
  timeout 120 $B/runmat-run "$a" --device gpu 2>&1
done > "$OUT/e2e_gpu.txt"
grep -c "^==" "$OUT/e2e_gpu.txt"
timeout 330 python3 benchmarks/run_gpu.py --bin $B --artifacts .devbundle/rmx --repeat "$repeat" \
  --programs "$programs" --out "$OUT" 2>&1 | tee "$OUT/bench.log"
# The same programs compiled with --fusion=off, in the same session, for
# fused/unfused ratios (no PyTorch the second time).
if [ -d .devbundle/rmx-unfused ]; then
  mkdir -p "$OUT/unfused"
  timeout 200 python3 benchmarks/run_gpu.py --bin $B --artifacts .devbundle/rmx-unfused --repeat "$repeat" \
    --programs "$programs" --out "$OUT/unfused" --no-torch 2>&1 | tee "$OUT/bench-unfused.log"
fi
