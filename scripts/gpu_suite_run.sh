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
. "$(dirname "$0")/gpu_env.sh"
python3 benchmarks/run_suite.py --bin $B --artifacts .devbundle/rmx --suite .devbundle/suite.json --cases "$cases" \
  --systems runmatc-gpu,runmatc-auto,runmatc-cpu,numpy,torch_eager,torch_compile,torch_compile_ro,jax \
  --out "$OUT/suite-gpu-$(echo "$cases" | tr , -)-$(date +%Y-%m-%d-%H%M).json" "$@" 2>&1 | tee "$OUT/suite.log"
