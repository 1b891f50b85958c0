#!/usr/bin/env bash
# Installs every Debian 12 package runmatc needs. Idempotent: packages already
# present are not fetched again, and apt is not touched when nothing is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  glslang-dev glslang-tools spirv-tools libvulkan-dev mesa-vulkan-drivers
  libcli11-dev libyaml-cpp-dev libyaml-dev doctest-dev nlohmann-json3-dev
  libopenblas-dev liblapacke-dev
  python3 python3-numpy python3-matplotlib python3-yaml python3-numba octave
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
