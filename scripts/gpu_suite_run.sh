#!/bin/bash
# The benchmark suite (benchmarks/run_suite.py) on the GPU machine: runmatc
# under --device gpu, auto and cpu with the bundle's artifacts, NumPy, and
# PyTorch eager, torch.compile (default, reduce-overhead) and JAX jit, for
# the cases and sweep points given; the results file lands in $OUT. Expects
# .devbundle (scripts/gpu_bundle.sh) and .gl (scripts/gpu_loaders.sh).
#   scripts/gpu_suite_run.sh CASES [run_suite.py options...]
#   e.g. scripts/gpu_suite_run.sh nlms,image_normalize --points 0,1,2,3,4 --repeat 2
set -u
cases=${1:?cases}; shift
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache PYTHONUNBUFFERED=1
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1
B=.devbundle/bin
nvidia-smi -L | tee "$OUT/device.txt"
$B/runmat-run accel-info >> "$OUT/device.txt"
if grep -q "^GPU: none" "$OUT/device.txt"; then cat "$OUT/device.txt"; echo "no Vulkan GPU (is .gl complete?)" >&2; exit 3; fi
python3 benchmarks/run_suite.py --bin $B --artifacts .devbundle/rmx --suite .devbundle/suite.json --cases "$cases" \
  --systems runmatc-gpu,runmatc-auto,runmatc-cpu,numpy,torch_eager,torch_compile,torch_compile_ro,jax \
  --out "$OUT/suite-gpu-$(echo "$cases" | tr , -)-$(date +%Y-%m-%d-%H%M).json" "$@" 2>&1 | tee "$OUT/suite.log"
