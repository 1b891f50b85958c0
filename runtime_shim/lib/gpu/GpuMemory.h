// Device buffers, pooled by size class: a freed buffer goes back to its
// class's free list and the next request of that class reuses it, so loops
// that allocate the same shapes every iteration allocate device memory once.
#pragma once

#include "../Tensor.h"
#include "VulkanApi.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace runmat::rt {

class GpuDevice;

// A device-memory buffer; as a tensor's device copy it is the storage's
// DeviceCopy (Tensor.h), which only the GPU backend looks into.
struct GpuBuffer : DeviceCopy {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkDeviceAddress address = 0;
  size_t bytes = 0;    // the size class (at least what was asked for)
  bool host = false;   // host-visible (staging, arguments); mapped at `mapped`
  void *mapped = nullptr;
  size_t slot = 0;     // its place among its session's buffers of its class
  uint64_t serial = 0; // unique in the process: a recorded command naming it names this buffer
};

class GpuBufferPool {
public:
  explicit GpuBufferPool(GpuDevice &device) : device_(device) {}
  ~GpuBufferPool();

  // A buffer of at least `bytes`; null with `error` set when the device is
  // out of memory even after the cache is emptied.
  GpuBuffer *acquire(size_t bytes, bool host, std::string &error);
  void release(GpuBuffer *b);
  // Frees every cached (unused) buffer.
  void trim();
  static size_t sizeClass(size_t bytes);
  uint64_t allocatedBytes() const { return allocated_; }

private:
  GpuBuffer *create(size_t bytes, bool host, std::string &error);
  void destroy(GpuBuffer *b);

  GpuDevice &device_;
  std::mutex mutex_;
  std::map<std::pair<bool, size_t>, std::vector<GpuBuffer *>> free_;
  uint64_t allocated_ = 0, cached_ = 0, serials_ = 0;
  long allocations_ = 0;
};

} // namespace runmat::rt
