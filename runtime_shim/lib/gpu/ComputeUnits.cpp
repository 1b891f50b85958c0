#include "ComputeUnits.h"

#include <cstring>
#include <vector>

namespace runmat::rt {

bool hasDeviceExtension(const vk::Api &api, VkPhysicalDevice device, const char *name) {
  uint32_t count = 0;
  api.vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr);
  std::vector<VkExtensionProperties> extensions(count);
  api.vkEnumerateDeviceExtensionProperties(device, nullptr, &count, extensions.data());
  for (const VkExtensionProperties &e : extensions)
    if (std::strcmp(e.extensionName, name) == 0) return true;
  return false;
}

ComputeUnits probeComputeUnits(const vk::Api &api, VkPhysicalDevice device, uint32_t fallback) {
  // A properties structure may only be chained when its extension is there.
  if (hasDeviceExtension(api, device, VK_NV_SHADER_SM_BUILTINS_EXTENSION_NAME)) {
    VkPhysicalDeviceShaderSMBuiltinsPropertiesNV sm{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_SM_BUILTINS_PROPERTIES_NV};
    VkPhysicalDeviceProperties2 p{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &sm};
    api.vkGetPhysicalDeviceProperties2(device, &p);
    if (sm.shaderSMCount > 0) return {sm.shaderSMCount, VK_NV_SHADER_SM_BUILTINS_EXTENSION_NAME};
  }
  if (hasDeviceExtension(api, device, VK_AMD_SHADER_CORE_PROPERTIES_EXTENSION_NAME)) {
    VkPhysicalDeviceShaderCorePropertiesAMD core{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_CORE_PROPERTIES_AMD};
    VkPhysicalDeviceProperties2 p{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &core};
    api.vkGetPhysicalDeviceProperties2(device, &p);
    uint32_t units = core.shaderEngineCount * core.shaderArraysPerEngineCount * core.computeUnitsPerShaderArray;
    if (units > 0) return {units, VK_AMD_SHADER_CORE_PROPERTIES_EXTENSION_NAME};
  }
  return {fallback, "assumed"};
}

} // namespace runmat::rt
