#!/bin/bash
# Calibration's time on the GPU machine, step by step (issue 16): a cold
# start (fresh cache folder and the NVIDIA driver's own shader cache off),
# then with the driver's cache warm, then a second process that loads the
# files. Expects .devbundle and .gl.
#   scripts/gpu_calibration_diag.sh > out.txt
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib
B=.devbundle/bin
echo "== cold (no caches)"
RUNMAT_CACHE_DIR=/tmp/runmat-cal1 __GL_SHADER_DISK_CACHE=0 /usr/bin/time -f "calibrate: %e s" $B/runmat-run calibrate
echo "== driver cache warm, fresh cache folder"
RUNMAT_CACHE_DIR=/tmp/runmat-cal2 /usr/bin/time -f "calibrate: %e s" $B/runmat-run calibrate
RUNMAT_CACHE_DIR=/tmp/runmat-cal3 /usr/bin/time -f "calibrate: %e s" $B/runmat-run calibrate
echo "== --force, caches warm"
RUNMAT_CACHE_DIR=/tmp/runmat-cal3 /usr/bin/time -f "calibrate --force: %e s" $B/runmat-run calibrate --force
echo "== a second process loads the files"
RUNMAT_CACHE_DIR=/tmp/runmat-cal3 /usr/bin/time -f "calibrate: %e s" $B/runmat-run calibrate
