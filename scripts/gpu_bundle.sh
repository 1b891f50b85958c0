#!/bin/sh
# Packs what a run on the GPU machine needs (it has no compiler and none of
# Debian's libraries): runmat-run, the shim, the libraries they link, and the
# suite's and the end-to-end programs' artifacts compiled for x86-64-v3.
#   scripts/gpu_bundle.sh BUILD_DIR OUT_DIR
set -eu
build=$(cd "${1:?build dir}" && pwd); out=${2:?output dir}
mkdir -p "$out"; out=$(cd "$out" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"; mkdir -p "$out/bin" "$out/lib/calibration" "$out/rmx" "$out/rmx-unfused" "$out/e2e" "$out/tiny" "$out/tuning"
cp "$build/bin/runmat-run" "$out/bin/"
cp "$build/lib/librunmat_shim.so" "$out/lib/"
# Libraries outside glibc and libstdc++ that the shim links.
ldd "$build/lib/librunmat_shim.so" | awk '/=> \// {print $3}' | grep -E 'yaml' | xargs -r -I{} cp -L {} "$out/lib/"
for p in pca image_normalize monte_carlo nlms iir_smoothing; do
  "$build/bin/runmatc" compile "$root/examples/suite/$p.m" --cpu x86-64-v3 --no-tuning -o "$out/rmx/$p.rmx"
  "$build/bin/runmatc" compile "$root/examples/suite/$p.m" --cpu x86-64-v3 --fusion=off -o "$out/rmx-unfused/$p.rmx"
done
# The calibration programs beside the shim, for the same CPU as the artifacts.
for f in "$root"/runtime_shim/calibration/*.m; do
  "$build/bin/runmatc" compile "$f" --cpu x86-64-v3 -o "$out/lib/calibration/$(basename "$f" .m).rmx"
done
# The tuning benchmarks (benchmarks/tuning), with the model's schedules.
for f in "$root"/benchmarks/tuning/*.m; do
  "$build/bin/runmatc" compile "$f" --cpu x86-64-v3 --no-tuning -o "$out/tuning/$(basename "$f" .m).rmx"
done
for f in "$root"/examples/tiny/*.m; do
  "$build/bin/runmatc" compile "$f" --cpu x86-64-v3 -o "$out/tiny/$(basename "$f" .m).rmx"
done
# The benchmark suite's definition as JSON (the GPU machine may lack PyYAML).
/usr/bin/python3 -c "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], 'w'))" \
  "$root/benchmarks/suite.yaml" "$out/suite.json"
for f in "$root"/test/e2e/octave/*.m; do
  n=$(basename "$f" .m)
  (cd "$(dirname "$f")" && "$build/bin/runmatc" compile "$f" --cpu x86-64-v3 -o "$out/e2e/$n.rmx")
done
du -sh "$out"
