#!/usr/bin/env bash
# The main job: set up, build, compile a suite program into an artifact and run
# it, showing its result and where each kernel ran (and why).
# Usage: scripts/demo.sh [program.m [-p name=value ...]]   (default: PCA at its small size)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${RUNMAT_BUILD_DIR:-$root/build}"
if [ $# -eq 0 ]; then
  set -- "$root/examples/suite/pca.m" -p n=20000 -p d=512
fi
program="$1"
shift
artifact="$build/demo/$(basename "${program%.*}").rmx"
mkdir -p "$build/demo"
echo "== runmatc compile $(basename "$program") -o $artifact"
"$build/bin/runmatc" compile "$program" -o "$artifact" --verbose
echo "== runmat-run $(basename "$artifact") $* --verbose"
"$build/bin/runmat-run" "$artifact" "$@" --verbose --telemetry "$build/demo/telemetry.json"
echo "== telemetry: $build/demo/telemetry.json"
