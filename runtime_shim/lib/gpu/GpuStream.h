// The GPU work of a session, in order: dispatches, copies, fills. Work goes
// into segments, one command buffer each, every command behind a memory
// barrier and, when the run is timed, between two timestamps. A segment is
// submitted when it fills up (the first of a run after one command, each
// next one four times larger, so the GPU starts early) or when the host
// needs a result; the host waits only for downloads and at the end of a run.
//
// Command buffers are kept from run to run. The n-th segment of a run is
// compared, command by command, with the n-th segment of the last run: the
// same pipelines, grids, buffers and argument offsets. (The arguments
// themselves, addresses, scalars and extents, are written to host-visible
// memory by every run, so they may change freely.) A segment that matches to
// its end is submitted again as recorded, with nothing recorded: the Vulkan
// counterpart of replaying a CUDA graph. At the first difference it is
// recorded afresh, the matched commands first.
#pragma once

#include "GpuDevice.h"
#include "SessionBuffers.h"

#include <deque>
#include <string>
#include <vector>

namespace runmat::rt {

class GpuStream {
public:
  explicit GpuStream(GpuDevice &device);
  ~GpuStream();
  GpuStream(const GpuStream &) = delete;
  GpuStream &operator=(const GpuStream &) = delete;

  GpuDevice &device() { return device_; }
  SessionBuffers &buffers() { return buffers_; }
  // Why the last call failed ("" if none did). After a failure the device
  // may be lost (device().lost()).
  const std::string &error() const { return error_; }

  // Device memory of the session; a failed allocation first lets the
  // device have the session's free buffers back.
  GpuBuffer *allocate(size_t bytes);
  void release(GpuBuffer *b);

  // A run begins: its segments are numbered from 0 again (and compared with
  // the last run's); `timed` puts timestamps around every dispatch.
  void beginRun(bool timed);
  // The run is over: its work is finished and its buffers are free again.
  bool endRun();

  // Each returns false, with error() set, on failure.
  bool dispatch(VkPipeline pipeline, const uint32_t *args, size_t words, uint32_t gx, uint32_t gy, uint32_t gz,
                int tag);
  bool upload(GpuBuffer *dst, size_t offset, const void *src, size_t bytes);
  // Copies device bytes into host-visible staging memory, which is
  // readable once the work is finished (the caller releases it).
  GpuBuffer *stage(GpuBuffer *src, size_t offset, size_t bytes);
  bool download(GpuBuffer *src, size_t offset, void *dst, size_t bytes); // waits for the copy
  bool copy(GpuBuffer *src, size_t srcOffset, GpuBuffer *dst, size_t dstOffset, size_t bytes);
  bool fill(GpuBuffer *dst, size_t offset, size_t bytes, uint32_t value);
  bool finish(); // submits what is recorded and waits for all of it

  // What a run's stream did, for the telemetry.
  struct Counters {
    uint64_t dispatches = 0, submits = 0, waits = 0, replayed = 0, recorded = 0;
    double waitSeconds = 0, submitSeconds = 0, recordSeconds = 0;
  };
  const Counters &counters() const { return counters_; }
  // A timed dispatch on the device's clock (seconds).
  struct Timing {
    int tag;
    double begin, end;
  };
  std::vector<Timing> takeTimings();

private:
  struct Command;
  struct Segment;

  bool fail(const std::string &what, VkResult r);
  Segment *open(size_t argBytes);
  bool newSegment();
  bool beginRecording(Segment &s, size_t prefix);
  void emit(Segment &s, const Command &c);
  bool put(Segment &s, const Command &c);
  bool submitOpen();
  bool wait(Segment &s);
  VkResult waitFence(Segment &s);
  void barrier(VkCommandBuffer cmd);
  GpuBuffer *staging(size_t bytes);

  GpuDevice &device_;
  const vk::Api &vk_;
  SessionBuffers buffers_;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  std::vector<Segment> segments_;
  std::deque<size_t> order_; // segments in flight, oldest first
  int open_ = -1;
  size_t runSegments_ = 0;   // segments this run has opened
  bool timed_ = false;
  bool replay_ = true;       // RUNMAT_GPU_REPLAY=off records every run afresh
  bool early_ = true;        // RUNMAT_GPU_EARLY=off: segments of 1024 commands from the first
  int waitMode_ = 0;         // RUNMAT_GPU_WAIT: 0 auto, 1 block, 2 spin
  std::vector<Timing> timings_;
  std::string error_;
  Counters counters_;
  uint64_t timeoutNs_;
};

} // namespace runmat::rt
