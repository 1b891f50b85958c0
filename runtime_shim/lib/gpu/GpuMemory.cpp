#include "GpuMemory.h"

#include "GpuDevice.h"

namespace runmat::rt {

namespace {
// Cached bytes beyond this are freed at once instead of kept for reuse.
constexpr uint64_t kMaxCachedBytes = uint64_t(8) << 30;
} // namespace

size_t GpuBufferPool::sizeClass(size_t bytes) {
  // Powers of two up to 1 MiB, then steps of an eighth of the next power of
  // two (at most 12.5% unused), and of a thirty-second above 16 MiB (at
  // most 3%: pca's 819 MB matrix took a 940 MB buffer with eighths).
  size_t b = bytes < 256 ? 256 : bytes;
  size_t p = 1;
  while (p < b) p <<= 1;
  if (p <= (size_t(1) << 20)) return p;
  size_t step = p / (p > (size_t(16) << 20) ? 32 : 8);
  return (b + step - 1) / step * step;
}

GpuBufferPool::~GpuBufferPool() {
  trim();
}

GpuBuffer *GpuBufferPool::acquire(size_t bytes, bool host, std::string &error) {
  size_t cls = sizeClass(bytes);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto &list = free_[{host, cls}];
    if (!list.empty()) {
      GpuBuffer *b = list.back();
      list.pop_back();
      cached_ -= b->bytes;
      return b;
    }
  }
  GpuBuffer *b = create(cls, host, error);
  if (!b) {
    trim(); // memory held for reuse may be what is missing
    error.clear();
    b = create(cls, host, error);
  }
  return b;
}

void GpuBufferPool::release(GpuBuffer *b) {
  if (!b) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (cached_ + b->bytes > kMaxCachedBytes) {
    destroy(b);
    return;
  }
  cached_ += b->bytes;
  free_[{b->host, b->bytes}].push_back(b);
}

void GpuBufferPool::trim() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto &[key, list] : free_)
    for (GpuBuffer *b : list) destroy(b);
  free_.clear();
  cached_ = 0;
}

GpuBuffer *GpuBufferPool::create(size_t bytes, bool host, std::string &error) {
  const vk::Api &vk = device_.api();
  VkDevice dev = device_.device();
  // The simulated fault: device memory is full from the Nth device-local
  // allocation on (host-visible staging memory is another heap).
  long n = host ? 0 : ++allocations_;
  if (device_.faults().oomAt && n >= device_.faults().oomAt) {
    error = "VK_ERROR_OUT_OF_DEVICE_MEMORY (RUNMAT_GPU_FAULT)";
    return nullptr;
  }
  auto *b = new GpuBuffer();
  b->bytes = bytes;
  b->host = host;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    b->serial = ++serials_;
  }
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bci.size = bytes;
  bci.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
              VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
  bci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkResult r = vk.vkCreateBuffer(dev, &bci, nullptr, &b->buffer);
  if (r != VK_SUCCESS) {
    error = std::string("vkCreateBuffer: ") + vk::resultName(r);
    delete b;
    return nullptr;
  }
  VkMemoryRequirements req{};
  vk.vkGetBufferMemoryRequirements(dev, b->buffer, &req);
  int type = device_.memoryType(host);
  if (!(req.memoryTypeBits & (1u << type))) {
    error = "no suitable memory type for a buffer";
    vk.vkDestroyBuffer(dev, b->buffer, nullptr);
    delete b;
    return nullptr;
  }
  VkMemoryAllocateFlagsInfo flags{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_FLAGS_INFO};
  flags.flags = VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT;
  VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, &flags};
  mai.allocationSize = req.size;
  mai.memoryTypeIndex = (uint32_t)type;
  r = vk.vkAllocateMemory(dev, &mai, nullptr, &b->memory);
  if (r != VK_SUCCESS) {
    error = vk::resultName(r);
    vk.vkDestroyBuffer(dev, b->buffer, nullptr);
    delete b;
    return nullptr;
  }
  vk.vkBindBufferMemory(dev, b->buffer, b->memory, 0);
  VkBufferDeviceAddressInfo ai{VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO};
  ai.buffer = b->buffer;
  b->address = vk.vkGetBufferDeviceAddress(dev, &ai);
  if (host && vk.vkMapMemory(dev, b->memory, 0, VK_WHOLE_SIZE, 0, &b->mapped) != VK_SUCCESS) {
    error = "vkMapMemory failed";
    destroy(b);
    return nullptr;
  }
  allocated_ += bytes;
  return b;
}

void GpuBufferPool::destroy(GpuBuffer *b) {
  const vk::Api &vk = device_.api();
  if (b->mapped) vk.vkUnmapMemory(device_.device(), b->memory);
  vk.vkDestroyBuffer(device_.device(), b->buffer, nullptr);
  vk.vkFreeMemory(device_.device(), b->memory, nullptr);
  allocated_ -= b->bytes;
  delete b;
}

} // namespace runmat::rt
