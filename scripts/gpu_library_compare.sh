#!/bin/bash
# On the GPU machine: one suite program run with each setting of an
# environment variable; from the telemetry, the GPU time of its kernels (those
# of 2% or more) and of its library operations with their schedules; and its
# printed result. For A/B experiments on kernels and library operations.
# Expects .devbundle and .gl as gpu_device_run.sh.
#   scripts/gpu_library_compare.sh PROGRAM VARIABLE VALUE... (VALUE "-": unset)
set -u
program=$1 variable=$2; shift 2
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache
B=.devbundle/bin
nvidia-smi -L; $B/runmat-run accel-info | grep -E "^GPU|tensor cores"
for value in "$@"; do
  for run in 1 2 3; do
    json=${OUT:-/tmp}/$program-$value-$run.json
    if [ "$value" = "-" ]; then $B/runmat-run .devbundle/rmx/$program.rmx --device gpu --telemetry "$json"
    else env "$variable=$value" $B/runmat-run .devbundle/rmx/$program.rmx --device gpu --telemetry "$json"; fi
    python3 - "$json" "$variable=$value run $run" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
total = sum(k["gpu_seconds"] for k in d["kernels"]) + sum(k["gpu_seconds"] for k in d["library"])
print("%s: GPU %.2f ms, launches %d" % (sys.argv[2], 1e3 * total, d["launches"]))
for k in d["kernels"]:
    if k["gpu_seconds"] >= 0.02 * total:
        print("  %-8s %8.3f ms  %s" % (k["name"], 1e3 * k["gpu_seconds"], ", ".join(k.get("covers", [])[:2])))
for k in d["library"]:
    print("  %-8s %8.3f ms  %s" % (k["name"], 1e3 * k["gpu_seconds"], k.get("schedule", "")))
PY
  done
done
