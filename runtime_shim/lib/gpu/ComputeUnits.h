// How many compute units (NVIDIA SMs, AMD CUs) the device has: launches
// that size their grid per unit (flat reductions, split products) want the
// true count, since a grid that leaves a few units with one workgroup more
// than the others waits on those. Vulkan core does not say; the vendors'
// extensions do.
#pragma once

#include "VulkanApi.h"

#include <cstdint>
#include <string>

namespace runmat::rt {

struct ComputeUnits {
  uint32_t count = 0;
  std::string source; // the extension that gave it, or "assumed"
};

// Whether the physical device offers the extension `name`.
bool hasDeviceExtension(const vk::Api &api, VkPhysicalDevice device, const char *name);

// VK_NV_shader_sm_builtins' SM count, or VK_AMD_shader_core_properties'
// compute units, else `fallback` ("assumed").
ComputeUnits probeComputeUnits(const vk::Api &api, VkPhysicalDevice device, uint32_t fallback);

} // namespace runmat::rt
