#include "VulkanApi.h"

#include <dlfcn.h>

#include <cstdlib>

namespace runmat::rt::vk {

std::string Api::loadLoader() {
  const char *override = std::getenv("RUNMAT_VULKAN_LOADER");
  const char *names[] = {override ? override : "libvulkan.so.1", "libvulkan.so"};
  void *lib = nullptr;
  std::string errors;
  for (const char *n : names) {
    lib = dlopen(n, RTLD_NOW | RTLD_LOCAL);
    if (lib) break;
    const char *e = dlerror();
    errors += std::string(errors.empty() ? "" : "; ") + (e ? e : n);
    if (override) break;
  }
  if (!lib) return "no Vulkan loader (" + errors + ")";
  vkGetInstanceProcAddr = reinterpret_cast<PFN_vkGetInstanceProcAddr>(dlsym(lib, "vkGetInstanceProcAddr"));
  if (!vkGetInstanceProcAddr) return "the Vulkan loader has no vkGetInstanceProcAddr";
  vkCreateInstance = reinterpret_cast<PFN_vkCreateInstance>(vkGetInstanceProcAddr(nullptr, "vkCreateInstance"));
  vkEnumerateInstanceVersion =
      reinterpret_cast<PFN_vkEnumerateInstanceVersion>(vkGetInstanceProcAddr(nullptr, "vkEnumerateInstanceVersion"));
  if (!vkCreateInstance) return "the Vulkan loader has no vkCreateInstance";
  return "";
}

std::string Api::loadInstance(VkInstance instance) {
  this->instance = instance;
#define RUNMAT_VK_LOAD(name)                                                                                    \
  name = reinterpret_cast<PFN_##name>(vkGetInstanceProcAddr(instance, #name));                                  \
  if (!name) return "the Vulkan instance has no " #name;
  RUNMAT_VK_INSTANCE_FUNCTIONS(RUNMAT_VK_LOAD)
#undef RUNMAT_VK_LOAD
  return "";
}

std::string Api::loadDevice(VkDevice device) {
#define RUNMAT_VK_LOAD(name)                                                                                    \
  name = reinterpret_cast<PFN_##name>(vkGetDeviceProcAddr(device, #name));                                      \
  if (!name) return "the Vulkan device has no " #name;
  RUNMAT_VK_DEVICE_FUNCTIONS(RUNMAT_VK_LOAD)
#undef RUNMAT_VK_LOAD
  return "";
}

const char *resultName(VkResult r) {
  switch (r) {
  case VK_SUCCESS: return "VK_SUCCESS";
  case VK_NOT_READY: return "VK_NOT_READY";
  case VK_TIMEOUT: return "VK_TIMEOUT";
  case VK_INCOMPLETE: return "VK_INCOMPLETE";
  case VK_ERROR_OUT_OF_HOST_MEMORY: return "VK_ERROR_OUT_OF_HOST_MEMORY";
  case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
  case VK_ERROR_INITIALIZATION_FAILED: return "VK_ERROR_INITIALIZATION_FAILED";
  case VK_ERROR_DEVICE_LOST: return "VK_ERROR_DEVICE_LOST";
  case VK_ERROR_MEMORY_MAP_FAILED: return "VK_ERROR_MEMORY_MAP_FAILED";
  case VK_ERROR_LAYER_NOT_PRESENT: return "VK_ERROR_LAYER_NOT_PRESENT";
  case VK_ERROR_EXTENSION_NOT_PRESENT: return "VK_ERROR_EXTENSION_NOT_PRESENT";
  case VK_ERROR_FEATURE_NOT_PRESENT: return "VK_ERROR_FEATURE_NOT_PRESENT";
  case VK_ERROR_INCOMPATIBLE_DRIVER: return "VK_ERROR_INCOMPATIBLE_DRIVER";
  case VK_ERROR_TOO_MANY_OBJECTS: return "VK_ERROR_TOO_MANY_OBJECTS";
  case VK_ERROR_UNKNOWN: return "VK_ERROR_UNKNOWN";
  case VK_ERROR_INVALID_SHADER_NV: return "VK_ERROR_INVALID_SHADER_NV";
  default: return "a Vulkan error";
  }
}

} // namespace runmat::rt::vk
