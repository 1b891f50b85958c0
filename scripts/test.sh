#!/usr/bin/env bash
# Sets up, builds and runs every test (lit + FileCheck, doctest, end-to-end) through ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${RUNMAT_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure -j "${RUNMAT_JOBS:-2}" "$@"
