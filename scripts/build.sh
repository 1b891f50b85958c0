#!/usr/bin/env bash
# Configures and builds runmatc into ./build (or $RUNMAT_BUILD_DIR).
# Extra arguments go to cmake's configure step, e.g. -DRUNMAT_ENABLE_ASAN=ON.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${RUNMAT_BUILD_DIR:-$root/build}"
jobs="${RUNMAT_JOBS:-2}"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ] || [ $# -gt 0 ]; then
  cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE="${RUNMAT_BUILD_TYPE:-Release}" "$@"
fi
cmake --build "$build" -j "$jobs"
