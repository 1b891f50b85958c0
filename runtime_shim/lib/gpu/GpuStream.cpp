#include "GpuStream.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace runmat::rt {

namespace {
constexpr uint32_t kDispatchesPerBatch = 1024;
constexpr size_t kArgBytesPerBatch = size_t(1) << 20;
constexpr size_t kArgAlign = 16;
} // namespace

GpuStream::GpuStream(GpuDevice &device) : device_(device), vk_(device.api()) {
  double seconds = 600;
  if (const char *t = std::getenv("RUNMAT_GPU_TIMEOUT")) seconds = std::max(1.0, std::atof(t));
  timeoutNs_ = (uint64_t)(seconds * 1e9);
  VkCommandPoolCreateInfo ci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  ci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  ci.queueFamilyIndex = device.queueFamily();
  VkResult r = vk_.vkCreateCommandPool(device.device(), &ci, nullptr, &pool_);
  if (r != VK_SUCCESS) fail("vkCreateCommandPool", r);
}

GpuStream::~GpuStream() {
  VkDevice dev = device_.device();
  for (Batch &b : batches_)
    if (b.inFlight && !device_.lost()) vk_.vkWaitForFences(dev, 1, &b.fence, VK_TRUE, timeoutNs_);
  if (device_.lost()) vk_.vkDeviceWaitIdle(dev);
  for (Batch &b : batches_) {
    for (GpuBuffer *s : b.retire) device_.pool().release(s);
    device_.pool().release(b.args);
    if (b.queries) vk_.vkDestroyQueryPool(dev, b.queries, nullptr);
    if (b.fence) vk_.vkDestroyFence(dev, b.fence, nullptr);
  }
  for (GpuBuffer *b : free_) device_.pool().release(b);
  if (pool_) vk_.vkDestroyCommandPool(dev, pool_, nullptr);
}

bool GpuStream::fail(const std::string &what, VkResult r) {
  error_ = what + ": " + vk::resultName(r);
  if (r == VK_ERROR_DEVICE_LOST) {
    device_.markLost();
    error_ = "the GPU device was lost (" + what + ")";
  }
  return false;
}

GpuBuffer *GpuStream::allocate(size_t bytes) {
  size_t cls = GpuBufferPool::sizeClass(bytes);
  for (size_t i = free_.size(); i-- > 0;)
    if (free_[i]->bytes == cls) {
      GpuBuffer *b = free_[i];
      free_.erase(free_.begin() + (long)i);
      return b;
    }
  std::string e;
  GpuBuffer *b = device_.pool().acquire(bytes, false, e);
  if (!b && !free_.empty()) {
    // What this run freed may be what is missing: let the pool have it.
    if (!finish()) return nullptr;
    for (GpuBuffer *f : free_) device_.pool().release(f);
    free_.clear();
    device_.pool().trim();
    b = device_.pool().acquire(bytes, false, e);
  }
  if (!b) error_ = "out of GPU memory allocating " + std::to_string(bytes >> 20) + " MiB (" + e + ")";
  return b;
}

void GpuStream::release(GpuBuffer *b) {
  if (b) free_.push_back(b);
}

GpuBuffer *GpuStream::staging(size_t bytes) {
  std::string e;
  GpuBuffer *b = device_.pool().acquire(bytes, true, e);
  if (!b) error_ = "out of host-visible memory for a " + std::to_string(bytes >> 20) + " MiB transfer (" + e + ")";
  return b;
}

void GpuStream::barrier(VkCommandBuffer cmd) {
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  mb.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  mb.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT |
                     VK_ACCESS_TRANSFER_WRITE_BIT;
  vk_.vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                           VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &mb, 0,
                           nullptr, 0, nullptr);
}

GpuStream::Batch *GpuStream::current(size_t argBytes, bool timed) {
  if (open_ >= 0) {
    Batch &b = batches_[(size_t)open_];
    bool fits = b.argsUsed + argBytes <= kArgBytesPerBatch && b.tags.size() < kDispatchesPerBatch;
    if (fits) return &b;
    if (!submitCurrent()) return nullptr;
  }
  // A batch not in flight, else wait for the oldest.
  size_t index = batches_.size();
  for (size_t i = 0; i < batches_.size(); ++i)
    if (!batches_[i].inFlight) {
      index = i;
      break;
    }
  if (index == batches_.size() && batches_.size() >= 4) {
    index = order_.front();
    if (!wait(batches_[index])) return nullptr;
  }
  VkDevice dev = device_.device();
  if (index == batches_.size()) {
    Batch b;
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = pool_;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    VkResult r = vk_.vkAllocateCommandBuffers(dev, &ai, &b.cmd);
    if (r != VK_SUCCESS) return fail("vkAllocateCommandBuffers", r), nullptr;
    VkFenceCreateInfo fi{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    r = vk_.vkCreateFence(dev, &fi, nullptr, &b.fence);
    if (r != VK_SUCCESS) return fail("vkCreateFence", r), nullptr;
    if (device_.timestampBits()) {
      VkQueryPoolCreateInfo qi{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
      qi.queryType = VK_QUERY_TYPE_TIMESTAMP;
      qi.queryCount = 2 * kDispatchesPerBatch;
      if (vk_.vkCreateQueryPool(dev, &qi, nullptr, &b.queries) != VK_SUCCESS) b.queries = VK_NULL_HANDLE;
    }
    b.args = staging(kArgBytesPerBatch);
    if (!b.args) return nullptr;
    batches_.push_back(std::move(b));
  }
  Batch &b = batches_[index];
  vk_.vkResetCommandBuffer(b.cmd, 0);
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  VkResult r = vk_.vkBeginCommandBuffer(b.cmd, &bi);
  if (r != VK_SUCCESS) return fail("vkBeginCommandBuffer", r), nullptr;
  if (b.queries) vk_.vkCmdResetQueryPool(b.cmd, b.queries, 0, 2 * kDispatchesPerBatch);
  b.argsUsed = 0;
  b.tags.clear();
  b.open = true;
  open_ = (int)index;
  (void)timed;
  return &b;
}

bool GpuStream::submitCurrent() {
  if (open_ < 0) return true;
  Batch &b = batches_[(size_t)open_];
  open_ = -1;
  b.open = false;
  VkResult r = vk_.vkEndCommandBuffer(b.cmd);
  if (r != VK_SUCCESS) return fail("vkEndCommandBuffer", r);
  vk_.vkResetFences(device_.device(), 1, &b.fence);
  r = device_.submit(b.cmd, b.fence);
  if (r != VK_SUCCESS) return fail("vkQueueSubmit", r);
  b.inFlight = true;
  order_.push_back((size_t)(&b - batches_.data()));
  return true;
}

bool GpuStream::wait(Batch &b) {
  if (!b.inFlight) return true;
  VkResult r = vk_.vkWaitForFences(device_.device(), 1, &b.fence, VK_TRUE, timeoutNs_);
  if (r == VK_TIMEOUT) {
    device_.markLost();
    error_ = "the GPU did not finish its work within " + std::to_string(timeoutNs_ / 1000000000) +
             " s (RUNMAT_GPU_TIMEOUT)";
    return false;
  }
  if (r != VK_SUCCESS) return fail("vkWaitForFences", r);
  b.inFlight = false;
  order_.erase(std::find(order_.begin(), order_.end(), (size_t)(&b - batches_.data())));
  if (b.queries && !b.tags.empty()) {
    std::vector<uint64_t> ts(2 * b.tags.size());
    if (vk_.vkGetQueryPoolResults(device_.device(), b.queries, 0, (uint32_t)ts.size(), ts.size() * 8, ts.data(), 8,
                                  VK_QUERY_RESULT_64_BIT) == VK_SUCCESS) {
      uint64_t mask = device_.timestampBits() >= 64 ? ~0ull : ((1ull << device_.timestampBits()) - 1);
      for (size_t i = 0; i < b.tags.size(); ++i) {
        uint64_t t = ((ts[2 * i + 1] - ts[2 * i]) & mask);
        timings_.push_back({b.tags[i], (double)t * device_.timestampPeriodNs() * 1e-9});
      }
    }
  }
  b.tags.clear();
  for (GpuBuffer *s : b.retire) device_.pool().release(s);
  b.retire.clear();
  return true;
}

bool GpuStream::dispatch(VkPipeline pipeline, const uint32_t *args, size_t words, uint32_t gx, uint32_t gy,
                         uint32_t gz, int tag) {
  if (device_.lost()) return error_ = "the GPU device was lost", false;
  size_t bytes = (words * 4 + kArgAlign - 1) / kArgAlign * kArgAlign;
  Batch *b = current(bytes, true);
  if (!b) return false;
  std::memcpy(static_cast<char *>(b->args->mapped) + b->argsUsed, args, words * 4);
  VkDeviceAddress address = b->args->address + b->argsUsed;
  b->argsUsed += bytes;
  barrier(b->cmd);
  uint32_t q = (uint32_t)(2 * b->tags.size());
  if (b->queries) vk_.vkCmdWriteTimestamp(b->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, b->queries, q);
  vk_.vkCmdBindPipeline(b->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
  vk_.vkCmdPushConstants(b->cmd, device_.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, 8, &address);
  vk_.vkCmdDispatch(b->cmd, gx, gy, gz);
  if (b->queries) vk_.vkCmdWriteTimestamp(b->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, b->queries, q + 1);
  b->tags.push_back(tag);
  dispatches_++;
  return true;
}

bool GpuStream::copy(GpuBuffer *src, size_t srcOffset, GpuBuffer *dst, size_t dstOffset, size_t bytes) {
  if (device_.lost()) return error_ = "the GPU device was lost", false;
  if (bytes == 0) return true;
  Batch *b = current(0, false);
  if (!b) return false;
  barrier(b->cmd);
  VkBufferCopy region{srcOffset, dstOffset, bytes};
  vk_.vkCmdCopyBuffer(b->cmd, src->buffer, dst->buffer, 1, &region);
  return true;
}

bool GpuStream::fill(GpuBuffer *dst, size_t offset, size_t bytes, uint32_t value) {
  if (device_.lost()) return error_ = "the GPU device was lost", false;
  if (bytes == 0) return true;
  Batch *b = current(0, false);
  if (!b) return false;
  barrier(b->cmd);
  vk_.vkCmdFillBuffer(b->cmd, dst->buffer, offset, (bytes + 3) / 4 * 4, value);
  return true;
}

bool GpuStream::upload(GpuBuffer *dst, size_t offset, const void *src, size_t bytes) {
  if (bytes == 0) return true;
  GpuBuffer *s = staging(bytes);
  if (!s) return false;
  std::memcpy(s->mapped, src, bytes);
  if (!copy(s, 0, dst, offset, bytes)) {
    device_.pool().release(s);
    return false;
  }
  batches_[(size_t)open_].retire.push_back(s);
  uploaded_ += (double)bytes;
  return true;
}

bool GpuStream::download(GpuBuffer *src, size_t offset, void *dst, size_t bytes) {
  if (bytes == 0) return true;
  GpuBuffer *s = staging(bytes);
  if (!s) return false;
  if (!copy(src, offset, s, 0, bytes) || !finish()) {
    device_.pool().release(s);
    return false;
  }
  std::memcpy(dst, s->mapped, bytes);
  device_.pool().release(s);
  downloaded_ += (double)bytes;
  return true;
}

bool GpuStream::finish() {
  if (!submitCurrent()) return false;
  while (!order_.empty())
    if (!wait(batches_[order_.front()])) return false;
  return true;
}

std::vector<std::pair<int, double>> GpuStream::takeTimings() {
  std::vector<std::pair<int, double>> out;
  out.swap(timings_);
  return out;
}

} // namespace runmat::rt
