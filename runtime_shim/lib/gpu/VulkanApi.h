// The Vulkan entry points the shim uses, loaded at run time from the loader
// (libvulkan.so.1) so that the shim runs, CPU only, where Vulkan is absent.
#pragma once

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#include <string>

namespace runmat::rt::vk {

#define RUNMAT_VK_INSTANCE_FUNCTIONS(X)                                                                         \
  X(vkDestroyInstance)                                                                                         \
  X(vkEnumeratePhysicalDevices)                                                                                \
  X(vkGetPhysicalDeviceProperties)                                                                             \
  X(vkGetPhysicalDeviceProperties2)                                                                            \
  X(vkGetPhysicalDeviceFeatures2)                                                                              \
  X(vkGetPhysicalDeviceQueueFamilyProperties)                                                                  \
  X(vkGetPhysicalDeviceMemoryProperties)                                                                       \
  X(vkEnumerateDeviceExtensionProperties)                                                                      \
  X(vkCreateDevice)                                                                                            \
  X(vkGetDeviceProcAddr)

#define RUNMAT_VK_DEVICE_FUNCTIONS(X)                                                                           \
  X(vkDestroyDevice)                                                                                           \
  X(vkGetDeviceQueue)                                                                                          \
  X(vkCreateBuffer)                                                                                            \
  X(vkDestroyBuffer)                                                                                           \
  X(vkGetBufferMemoryRequirements)                                                                             \
  X(vkAllocateMemory)                                                                                          \
  X(vkFreeMemory)                                                                                              \
  X(vkBindBufferMemory)                                                                                        \
  X(vkMapMemory)                                                                                               \
  X(vkUnmapMemory)                                                                                             \
  X(vkGetBufferDeviceAddress)                                                                                  \
  X(vkCreateCommandPool)                                                                                       \
  X(vkDestroyCommandPool)                                                                                      \
  X(vkAllocateCommandBuffers)                                                                                  \
  X(vkFreeCommandBuffers)                                                                                      \
  X(vkBeginCommandBuffer)                                                                                      \
  X(vkEndCommandBuffer)                                                                                        \
  X(vkResetCommandBuffer)                                                                                      \
  X(vkCmdBindPipeline)                                                                                         \
  X(vkCmdPushConstants)                                                                                        \
  X(vkCmdDispatch)                                                                                             \
  X(vkCmdPipelineBarrier)                                                                                      \
  X(vkCmdCopyBuffer)                                                                                           \
  X(vkCmdFillBuffer)                                                                                           \
  X(vkCmdWriteTimestamp)                                                                                       \
  X(vkCmdResetQueryPool)                                                                                       \
  X(vkCreateQueryPool)                                                                                         \
  X(vkDestroyQueryPool)                                                                                        \
  X(vkGetQueryPoolResults)                                                                                     \
  X(vkCreateFence)                                                                                             \
  X(vkDestroyFence)                                                                                            \
  X(vkResetFences)                                                                                             \
  X(vkWaitForFences)                                                                                           \
  X(vkGetFenceStatus)                                                                                          \
  X(vkQueueSubmit)                                                                                             \
  X(vkDeviceWaitIdle)                                                                                          \
  X(vkCreateShaderModule)                                                                                      \
  X(vkDestroyShaderModule)                                                                                     \
  X(vkCreatePipelineLayout)                                                                                    \
  X(vkDestroyPipelineLayout)                                                                                   \
  X(vkCreateComputePipelines)                                                                                  \
  X(vkDestroyPipeline)                                                                                         \
  X(vkCreatePipelineCache)                                                                                     \
  X(vkDestroyPipelineCache)                                                                                    \
  X(vkGetPipelineCacheData)

struct Api {
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
  PFN_vkCreateInstance vkCreateInstance = nullptr;
  PFN_vkEnumerateInstanceVersion vkEnumerateInstanceVersion = nullptr;
  VkInstance instance = VK_NULL_HANDLE; // set by loadInstance
#define RUNMAT_VK_DECLARE(name) PFN_##name name = nullptr;
  RUNMAT_VK_INSTANCE_FUNCTIONS(RUNMAT_VK_DECLARE)
  RUNMAT_VK_DEVICE_FUNCTIONS(RUNMAT_VK_DECLARE)
#undef RUNMAT_VK_DECLARE

  // Opens the loader; "" on success, else why not.
  std::string loadLoader();
  std::string loadInstance(VkInstance instance);
  std::string loadDevice(VkDevice device);
};

// "VK_ERROR_OUT_OF_DEVICE_MEMORY" and so on.
const char *resultName(VkResult r);

} // namespace runmat::rt::vk
