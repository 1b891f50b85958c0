// The GPU work of one run, recorded in order: dispatches, copies, uploads.
// Many dispatches share a command buffer, each behind a memory barrier, with
// a timestamp pair around it; a batch is submitted when it fills up or when
// the host needs a result, and the host waits only for downloads and at the
// end. Buffers a run frees are reused by the same run at once (its commands
// are ordered) and handed back to the device's pool when the run ends.
#pragma once

#include "GpuDevice.h"
#include "GpuMemory.h"

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace runmat::rt {

class GpuStream {
public:
  explicit GpuStream(GpuDevice &device);
  ~GpuStream();

  GpuDevice &device() { return device_; }
  // Why the last call failed ("" if none did). After a failure the device
  // may be lost (device().lost()).
  const std::string &error() const { return error_; }

  GpuBuffer *allocate(size_t bytes);
  void release(GpuBuffer *b);

  // Each returns false, with error() set, on failure.
  bool dispatch(VkPipeline pipeline, const uint32_t *args, size_t words, uint32_t gx, uint32_t gy, uint32_t gz,
                int tag);
  bool upload(GpuBuffer *dst, size_t offset, const void *src, size_t bytes);
  bool download(GpuBuffer *src, size_t offset, void *dst, size_t bytes); // waits for the copy
  bool copy(GpuBuffer *src, size_t srcOffset, GpuBuffer *dst, size_t dstOffset, size_t bytes);
  bool fill(GpuBuffer *dst, size_t offset, size_t bytes, uint32_t value);
  bool finish(); // submits what is recorded and waits for all of it

  // GPU time of each completed dispatch: (tag, seconds), in order.
  std::vector<std::pair<int, double>> takeTimings();
  uint64_t dispatches() const { return dispatches_; }
  double uploadedBytes() const { return uploaded_; }
  double downloadedBytes() const { return downloaded_; }

private:
  struct Batch {
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    VkQueryPool queries = VK_NULL_HANDLE;
    GpuBuffer *args = nullptr;
    size_t argsUsed = 0;
    std::vector<int> tags; // one per timed dispatch
    std::vector<GpuBuffer *> retire; // staging buffers, freed when the batch completes
    bool open = false, inFlight = false;
  };

  bool fail(const std::string &what, VkResult r);
  Batch *current(size_t argBytes, bool timed);
  bool submitCurrent();
  bool wait(Batch &b);
  void barrier(VkCommandBuffer cmd);
  GpuBuffer *staging(size_t bytes);

  GpuDevice &device_;
  const vk::Api &vk_;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  std::vector<Batch> batches_;
  std::deque<size_t> order_; // batches in flight, oldest first
  int open_ = -1;
  std::vector<GpuBuffer *> free_; // released by this run
  std::vector<std::pair<int, double>> timings_;
  std::string error_;
  uint64_t dispatches_ = 0;
  double uploaded_ = 0, downloaded_ = 0;
  uint64_t timeoutNs_;
};

} // namespace runmat::rt
