#!/bin/bash
# On the GPU machine: every end-to-end program of the bundle
# (.devbundle/e2e, scripts/gpu_bundle.sh) run with --device cpu and --device
# gpu, outputs compared (scripts/compare_outputs.py); both outputs land in
# $OUT/e2e. Expects .gl and .devbundle carried.
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache
B=.devbundle/bin
mkdir -p "$OUT/e2e"
$B/runmat-run accel-info | head -3
fails=0
for a in .devbundle/e2e/*.rmx; do
  n=$(basename "$a" .rmx)
  $B/runmat-run "$a" --device cpu > "$OUT/e2e/$n.cpu.txt" 2>&1
  $B/runmat-run "$a" --device gpu > "$OUT/e2e/$n.gpu.txt" 2>&1
  python3 scripts/compare_outputs.py "$OUT/e2e/$n.cpu.txt" "$OUT/e2e/$n.gpu.txt" "$n" || fails=$((fails + 1))
done
echo "$fails programs differ between the CPU and the GPU"
