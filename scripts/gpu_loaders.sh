#!/bin/sh
# Downloads the Vulkan/GL loader packages the GPU machine lacks into .gl
# (kept out of git). The NVIDIA Vulkan driver there needs libglvnd beside the
# Vulkan loader; without them vkCreateInstance fails with
# VK_ERROR_INCOMPATIBLE_DRIVER. Idempotent: a package already there is kept.
#   scripts/gpu_loaders.sh [DIR]
set -eu
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)/.gl}
mkdir -p "$dir"; cd "$dir"
for p in libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done
ls "$dir"
