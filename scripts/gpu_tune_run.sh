#!/bin/bash
# Issue 17's tuning benchmark on the GPU machine: benchmarks/tune_compare.py
# over the suite's artifacts and the tuning benchmarks' (benchmarks/tuning),
# at their default sizes. Expects .devbundle (scripts/gpu_bundle.sh) and .gl.
# The tuning folder's programs are also tuned at the sizes benchmarks/tuning/sizes.txt lists.
#   scripts/gpu_tune_run.sh [repeat] [rounds] [folders, default "rmx tuning"]
set -u
repeat=${1:-30}; rounds=${2:-5}; folders=${3:-rmx tuning}
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache PYTHONUNBUFFERED=1
B=.devbundle/bin
nvidia-smi -L | tee "$OUT/device.txt"
$B/runmat-run calibrate > "$OUT/calibrate.txt" 2>&1
args=()
for d in $folders; do for f in .devbundle/$d/*.rmx; do args+=("$(basename "$f" .rmx)=$f"); done; done
case " $folders " in *" tuning "*)
  while read -r name stem params; do
    case "$name" in ''|'#'*) continue;; esac
    args+=("$name=.devbundle/tuning/$stem.rmx@$params")
  done < benchmarks/tuning/sizes.txt;;
esac
python3 benchmarks/tune_compare.py --bin $B --out "$OUT" --repeat "$repeat" --rounds "$rounds" "${args[@]}" 2>&1 | tee "$OUT/tune-compare.txt"
