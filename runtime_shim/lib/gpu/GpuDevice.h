// The Vulkan device the shim runs GPU kernels on: chosen once per process
// (discrete GPU, then integrated, then virtual, then a CPU device such as
// lavapipe; RUNMAT_DEVICE picks by index or name), with one compute queue,
// buffer device addresses, and the pipelines built from SPIR-V (cached in
// memory and on disk per device and driver).
#pragma once

#include "ComputeUnits.h"
#include "DeviceProbe.h"
#include "TensorCores.h"
#include "VulkanApi.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace runmat::rt {

class GpuBufferPool;

// What a program may ask of the device; read from RUNMAT_GPU_FAULT for tests
// of the failure paths: no-loader, no-device, pipeline, no-float64 (the
// device claims no shaderFloat64), oom@N (device-local
// allocations fail from the Nth on), lost@N (the Nth submission loses the device).
struct GpuFaults {
  bool noLoader = false, noDevice = false, pipeline = false, noFloat64 = false;
  long oomAt = 0, lostAt = 0;
  static GpuFaults fromEnvironment();
};

struct GpuDeviceInfo {
  std::string name;
  std::string type; // discrete, integrated, virtual, cpu, other
  uint32_t vendorId = 0, deviceId = 0, driverVersion = 0, apiVersion = 0;
  bool float64 = false, int64 = false, int8 = false, subgroupArithmetic = false;
  bool usable = false;
  std::string unusable; // why not, when !usable
  GpuFeatures features() const { return {float64, int64, int8, subgroupArithmetic}; }
};

class GpuDevice {
public:
  // The process's device, created on first use; null with `error` set when
  // there is none (no loader, no usable device, creation failed).
  static GpuDevice *acquire(std::string &error);
  // Every physical device the loader reports, for accel-info.
  static std::vector<GpuDeviceInfo> enumerate(std::string &error);

  const vk::Api &api() const { return api_; }
  VkDevice device() const { return device_; }
  const GpuDeviceInfo &info() const { return info_; }
  const VkPhysicalDeviceLimits &limits() const { return limits_; }
  uint32_t subgroupSize() const { return subgroupSize_; }
  uint32_t workgroupSize() const { return workgroupSize_; }
  // RUNMAT_GPU_WORKGROUP set: every generated kernel takes workgroupSize() (experiments).
  bool workgroupForced() const { return workgroupForced_; }
  uint32_t queueFamily() const { return queueFamily_; }
  uint32_t timestampBits() const { return timestampBits_; }
  double timestampPeriodNs() const { return limits_.timestampPeriod; }
  uint64_t deviceMemoryBytes() const { return deviceMemoryBytes_; }
  uint32_t computeUnits() const { return computeUnits_.count; }
  const ComputeUnits &computeUnitsProbe() const { return computeUnits_; }
  // Half-precision matrix fragments in hardware, enabled when present.
  const TensorCores &tensorCores() const { return tensorCores_; }
  GpuBufferPool &pool() { return *pool_; }

  // Memory types: device-local for tensors, host-visible for staging.
  int memoryType(bool host) const { return host ? hostType_ : deviceType_; }
  bool hostTypeCached() const { return hostCached_; }

  // Queue submission is serialized across sessions.
  VkResult submit(VkCommandBuffer cmd, VkFence fence);
  bool lost() const { return lost_; }
  void markLost() { lost_ = true; }

  // A compute pipeline for a SPIR-V module with specialization constants
  // (ids 0, 1, ...); cached by content. VK_NULL_HANDLE with `error` set
  // when the driver refuses it. Threads may build different pipelines at
  // once; one asking for a pipeline another is building waits for it.
  VkPipeline pipeline(const uint32_t *words, size_t count, const std::vector<uint32_t> &spec, std::string &error);
  VkPipelineLayout layout() const { return layout_; }
  // Writes the pipeline cache to disk if it grew; quiet on failure.
  void savePipelineCache();
  std::string pipelineCachePath() const { return cachePath_; }
  // Vendor, device, driver and pipeline-cache UUID: what a calibration of
  // this device must match.
  const std::string &identityKey() const { return identityKey_; }
  // How long creating the instance and the device took in this process.
  double startSeconds() const { return startSeconds_; }

  GpuFaults &faults() { return faults_; }

  ~GpuDevice();

private:
  GpuDevice() = default;
  std::string create();
  VkPipeline build(const uint32_t *words, size_t count, const std::vector<uint32_t> &spec, std::string &error);

  vk::Api api_;
  VkInstance instance_ = VK_NULL_HANDLE;
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  GpuDeviceInfo info_;
  VkPhysicalDeviceLimits limits_{};
  uint32_t queueFamily_ = 0, timestampBits_ = 0, subgroupSize_ = 32, workgroupSize_ = 256;
  bool workgroupForced_ = false;
  ComputeUnits computeUnits_;
  uint64_t deviceMemoryBytes_ = 0;
  TensorCores tensorCores_;
  int deviceType_ = -1, hostType_ = -1;
  bool hostCached_ = false;
  bool lost_ = false;
  GpuFaults faults_;
  long submissions_ = 0;
  std::mutex queueMutex_, pipelineMutex_;
  std::condition_variable pipelineBuilt_; // a pipeline another thread was building is done
  std::set<uint64_t> building_;           // pipelines being built, by key
  VkPipelineLayout layout_ = VK_NULL_HANDLE;
  VkPipelineCache cache_ = VK_NULL_HANDLE;
  std::string cachePath_, identityKey_;
  double startSeconds_ = 0;
  size_t cacheSizeLoaded_ = 0;
  bool cacheDirty_ = false;
  std::map<uint64_t, VkPipeline> pipelines_;
  GpuBufferPool *pool_ = nullptr;
};

} // namespace runmat::rt
