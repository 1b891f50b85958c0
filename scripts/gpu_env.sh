# Sourced by the scripts that run on the GPU machine (gpu_device_run.sh,
# gpu_suite_run.sh): installs the carried Vulkan/GL loaders (.gl), points
# the loader at NVIDIA's driver, sets the bundle's library path and caches,
# records the device in $OUT/device.txt and stops (exit 3) when there is no
# Vulkan GPU, since every GPU figure would then be a CPU one. Sets B, the
# bundle's bin folder.
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
if [ -z "$(ls /usr/share/vulkan/icd.d 2>/dev/null)" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export LD_LIBRARY_PATH=$PWD/.devbundle/lib RUNMAT_CACHE_DIR=/tmp/runmat-cache PYTHONUNBUFFERED=1
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1
B=.devbundle/bin
nvidia-smi -L | tee "$OUT/device.txt"
$B/runmat-run accel-info >> "$OUT/device.txt"
if grep -q "^GPU: none" "$OUT/device.txt"; then cat "$OUT/device.txt"; echo "no Vulkan GPU (is .gl complete? scripts/gpu_loaders.sh)" >&2; exit 3; fi
