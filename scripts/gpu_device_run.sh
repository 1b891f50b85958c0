#!/bin/bash
# What one call of the GPU machine runs for the benchmark (see
# TEAM_B_PROGRESS.md): install the carried Vulkan loader, report the device,
# then benchmarks/run_gpu.py: runmatc's warm runs (runmat-run --repeat) under
# --device gpu, auto and cpu, next to PyTorch eager, torch.compile and JAX in
# the same call. Everything lands in $OUT. Expects .devbundle
# (scripts/gpu_bundle.sh) and .gl (loader .debs).
#   scripts/gpu_device_run.sh [repeat] [programs] [peers] [devices]
set -u
repeat=${1:-20}; programs=${2:-pca,image_normalize,monte_carlo,nlms,iir_smoothing}
peers=${3:-eager,compile,compile-ro,jax}; devices=${4:-gpu,auto,cpu}
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache PYTHONUNBUFFERED=1
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1
B=.devbundle/bin
nvidia-smi -L | tee "$OUT/device.txt"
$B/runmat-run accel-info >> "$OUT/device.txt"
# No Vulkan device means every GPU figure would be a CPU one: stop early.
if grep -q "^GPU: none" "$OUT/device.txt"; then cat "$OUT/device.txt"; echo "no Vulkan GPU (is .gl complete? scripts/gpu_loaders.sh)" >&2; exit 3; fi
python3 -c "import torch, jax; print('torch', torch.__version__, 'jax', jax.__version__)" | tee -a "$OUT/device.txt"
python3 benchmarks/run_gpu.py --bin $B --artifacts .devbundle/rmx --repeat "$repeat" --programs "$programs" \
  --peers "$peers" --devices "$devices" --out "$OUT" 2>&1 | tee "$OUT/bench.log"
