#!/bin/bash
# One call of the GPU machine for the warm-run work (issue 15): where a warm
# run's time goes, under each runtime knob, for the suite at default sizes and
# for trivial programs; and the end-to-end programs run twice in one session
# on the GPU (the second replays), their output compared back home.
# Expects .devbundle (scripts/gpu_bundle.sh) and .gl (loader .debs).
#   scripts/gpu_warm_diag.sh [repeat]
set -u
repeat=${1:-30}
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache PYTHONUNBUFFERED=1
B=.devbundle/bin R=.devbundle/rmx
nvidia-smi -L | tee "$OUT/device.txt"
$B/runmat-run accel-info | tee -a "$OUT/device.txt"
cases=(--case tiny=.devbundle/tiny/zeros_sum.rmx
       --case iir_tiny=$R/iir_smoothing.rmx:M=1000,T=64 --case image_64=$R/image_normalize.rmx:B=1,H=64,W=64
       --case pca_small=$R/pca.rmx:n=1000,d=32)
for p in pca image_normalize monte_carlo nlms iir_smoothing; do cases+=(--case $p=$R/$p.rmx); done
python3 benchmarks/warm_variants.py --bin $B --repeat "$repeat" "${cases[@]}" --json "$OUT/variants.json" \
  ${VARIANTS:---variant default --variant late:RUNMAT_GPU_EARLY=off --variant block:RUNMAT_GPU_WAIT=block \
  --variant noreplay:RUNMAT_GPU_REPLAY=off --variant timed:timing=on} 2>&1 | tee "$OUT/variants.txt"
first=()
for p in pca image_normalize monte_carlo nlms iir_smoothing; do first+=($p=$R/$p.rmx); done
python3 benchmarks/first_run.py --bin $B --json "$OUT/first_run.json" "${first[@]}" 2>&1 | tee "$OUT/first_run.txt"
echo "without the background pipeline builds:" | tee -a "$OUT/first_run.txt"
python3 benchmarks/first_run.py --bin $B --warm 1 --env RUNMAT_GPU_PREBUILD=off "${first[@]:0:2}" 2>&1 | tee -a "$OUT/first_run.txt"
for a in .devbundle/e2e/*.rmx; do
  n=$(basename "$a" .rmx); echo "== $n"
  timeout 120 $B/runmat-run "$a" --device gpu --repeat 3 2>>"$OUT/e2e_stderr.txt"
done > "$OUT/e2e_gpu.txt"
grep -c "^==" "$OUT/e2e_gpu.txt"; grep -c "note:" "$OUT/e2e_stderr.txt"
