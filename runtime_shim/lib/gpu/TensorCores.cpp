#include "TensorCores.h"

#include "ComputeUnits.h"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace runmat::rt {

std::string TensorCores::shape() const {
  return std::to_string(m) + " x " + std::to_string(n) + " x " + std::to_string(k);
}

TensorCores probeTensorCores(const vk::Api &api, VkPhysicalDevice device, uint32_t subgroupSize) {
  TensorCores none;
  if (const char *env = std::getenv("RUNMAT_GPU_TENSOR_CORES"); env && std::strcmp(env, "off") == 0) return none;
  if (subgroupSize != 32) return none; // the kernel's subgroups tile its workgroup in 32s
  bool present = hasDeviceExtension(api, device, VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME);
  auto properties = reinterpret_cast<PFN_vkGetPhysicalDeviceCooperativeMatrixPropertiesNV>(
      api.vkGetInstanceProcAddr(api.instance, "vkGetPhysicalDeviceCooperativeMatrixPropertiesNV"));
  if (!present || !properties) return none;

  VkPhysicalDeviceCooperativeMatrixFeaturesNV coop{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV};
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &coop};
  VkPhysicalDeviceFeatures2 f{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};
  api.vkGetPhysicalDeviceFeatures2(device, &f);
  if (!coop.cooperativeMatrix || !f12.shaderFloat16) return none;

  uint32_t count = 0;
  if (properties(device, &count, nullptr) != VK_SUCCESS || count == 0) return none;
  std::vector<VkCooperativeMatrixPropertiesNV> shapes(count, {VK_STRUCTURE_TYPE_COOPERATIVE_MATRIX_PROPERTIES_NV});
  if (properties(device, &count, shapes.data()) != VK_SUCCESS) return none;
  TensorCores best;
  for (const VkCooperativeMatrixPropertiesNV &s : shapes) {
    bool types = s.AType == VK_COMPONENT_TYPE_FLOAT16_NV && s.BType == VK_COMPONENT_TYPE_FLOAT16_NV &&
                 s.CType == VK_COMPONENT_TYPE_FLOAT32_NV && s.DType == VK_COMPONENT_TYPE_FLOAT32_NV &&
                 s.scope == VK_SCOPE_SUBGROUP_NV;
    if (!types || s.MSize != 16 || s.KSize != 16 || (s.NSize != 16 && s.NSize != 8)) continue;
    if (s.NSize > best.n) best = TensorCores{s.MSize, s.NSize, s.KSize};
  }
  return best;
}

} // namespace runmat::rt
