#!/usr/bin/env bash
# The main job: set up, build, and compile a suite program, printing what the
# compiler produced. Usage: scripts/demo.sh [program.m]   (default: the PCA suite program)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
program="${1:-$root/examples/suite/pca.m}"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${RUNMAT_BUILD_DIR:-$root/build}"
echo "== runmatc compile $(basename "$program") --emit=mlir"
"$build/bin/runmatc" compile "$program" --emit=mlir
