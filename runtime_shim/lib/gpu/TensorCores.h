// Whether the device multiplies half-precision matrix fragments in hardware
// (VK_NV_cooperative_matrix: tensor cores), and in which fragment shape.
// gram_split16.comp uses them for symmetric single-precision products.
#pragma once

#include "VulkanApi.h"

#include <cstdint>
#include <string>

namespace runmat::rt {

struct TensorCores {
  // Fragment shape: M x K half times K x N half into M x N single, per
  // subgroup of 32. All zero when the device has none.
  uint32_t m = 0, n = 0, k = 0;
  bool usable() const { return m != 0; }
  std::string shape() const;
};

// What the physical device offers: the extension, its feature, half
// arithmetic, subgroups of 32 and a fragment shape the kernel can tile with
// (16 x 16 x 16, else 16 x 8 x 16). RUNMAT_GPU_TENSOR_CORES=off reports none.
TensorCores probeTensorCores(const vk::Api &api, VkPhysicalDevice device, uint32_t subgroupSize);

} // namespace runmat::rt
