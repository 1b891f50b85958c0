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
. "$(dirname "$0")/gpu_env.sh"
python3 -c "import torch, jax; print('torch', torch.__version__, 'jax', jax.__version__)" | tee -a "$OUT/device.txt"
python3 benchmarks/run_gpu.py --bin $B --artifacts .devbundle/rmx --repeat "$repeat" --programs "$programs" \
  --peers "$peers" --devices "$devices" --out "$OUT" 2>&1 | tee "$OUT/bench.log"
