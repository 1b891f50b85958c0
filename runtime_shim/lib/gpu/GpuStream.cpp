#include "GpuStream.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace runmat::rt {

namespace {

constexpr uint32_t kCommandsPerSegment = 1024;
constexpr size_t kArgBytesPerSegment = size_t(1) << 20;
constexpr size_t kArgAlign = 16;
// Segments kept for replay; a run with more uses a small ring of segments
// recorded afresh each time for the rest.
constexpr size_t kKeptSegments = 16, kRingSegments = 4;

// The n-th segment of a run holds at most 4^n commands: the first is
// submitted as soon as the second command comes, so the GPU starts while
// the host goes on through the program (pca's host code takes 0.15 ms for
// its 62 launches on the H200, all of which the GPU waited for when the run
// was one submit), and the growth keeps the submits few (a submit costs the
// host about 5 us). The boundaries depend only on the commands' count, so a
// run like the last replays the same segments.
size_t segmentCapacity(size_t n, bool early) {
  if (!early) return kCommandsPerSegment;
  size_t c = 1;
  for (size_t i = 0; i < n && c < kCommandsPerSegment; ++i) c *= 4;
  return std::min<size_t>(c, kCommandsPerSegment);
}

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

} // namespace

struct GpuStream::Command {
  enum Kind : uint8_t { Dispatch, Copy, Fill } kind = Dispatch;
  VkPipeline pipeline = VK_NULL_HANDLE;
  uint32_t gx = 0, gy = 0, gz = 0, value = 0;
  size_t argsOffset = 0;
  VkBuffer src = VK_NULL_HANDLE, dst = VK_NULL_HANDLE;
  // The buffers' serials: a handle of a destroyed buffer may come back for
  // a new one, a serial never does, so equal commands name live buffers.
  uint64_t srcSerial = 0, dstSerial = 0;
  VkDeviceSize srcOffset = 0, dstOffset = 0, bytes = 0;

  bool operator==(const Command &o) const {
    return kind == o.kind && pipeline == o.pipeline && gx == o.gx && gy == o.gy && gz == o.gz && value == o.value &&
           argsOffset == o.argsOffset && src == o.src && dst == o.dst && srcSerial == o.srcSerial &&
           dstSerial == o.dstSerial && srcOffset == o.srcOffset && dstOffset == o.dstOffset && bytes == o.bytes;
  }
};

struct GpuStream::Segment {
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkQueryPool queries = VK_NULL_HANDLE;
  GpuBuffer *args = nullptr;
  bool keep = false;       // kept for replay (else a ring segment)
  std::vector<Command> tape; // what cmd holds, or is being recorded with
  enum State { Closed, Matching, Recording } state = Closed;
  size_t matched = 0;      // Matching: this run's commands so far, all equal to the tape's
  bool replayable = false; // cmd holds the whole tape, from an earlier submit
  bool timed = false;      // its dispatches are timestamped
  bool inFlight = false;
  size_t argsUsed = 0;
  uint32_t timedSoFar = 0; // this run's timestamped dispatches in it so far
  std::vector<int> tags;   // ... and their tags
  std::vector<GpuBuffer *> retire; // staging freed when it completes
  Clock::time_point submitted;
  size_t capacity = kCommandsPerSegment; // commands this run may put in it
  double lastSeconds = -1; // how long it took from submit to done last time
  size_t commands() const { return state == Matching ? matched : tape.size(); }
};

GpuStream::GpuStream(GpuDevice &device) : device_(device), vk_(device.api()), buffers_(device.pool()) {
  double seconds = 600;
  if (const char *t = std::getenv("RUNMAT_GPU_TIMEOUT")) seconds = std::max(1.0, std::atof(t));
  timeoutNs_ = (uint64_t)(seconds * 1e9);
  if (const char *r = std::getenv("RUNMAT_GPU_REPLAY")) replay_ = std::strcmp(r, "off") != 0;
  if (const char *e = std::getenv("RUNMAT_GPU_EARLY")) early_ = std::strcmp(e, "off") != 0;
  if (const char *w = std::getenv("RUNMAT_GPU_WAIT")) waitMode_ = !std::strcmp(w, "block") ? 1 : !std::strcmp(w, "spin") ? 2 : 0;
  VkCommandPoolCreateInfo ci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  ci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  ci.queueFamilyIndex = device.queueFamily();
  VkResult r = vk_.vkCreateCommandPool(device.device(), &ci, nullptr, &pool_);
  if (r != VK_SUCCESS) fail("vkCreateCommandPool", r);
}

GpuStream::~GpuStream() {
  VkDevice dev = device_.device();
  for (Segment &s : segments_)
    if (s.inFlight && !device_.lost()) vk_.vkWaitForFences(dev, 1, &s.fence, VK_TRUE, timeoutNs_);
  if (device_.lost()) vk_.vkDeviceWaitIdle(dev);
  for (Segment &s : segments_) {
    for (GpuBuffer *b : s.retire) buffers_.release(b);
    buffers_.release(s.args);
    if (s.queries) vk_.vkDestroyQueryPool(dev, s.queries, nullptr);
    if (s.fence) vk_.vkDestroyFence(dev, s.fence, nullptr);
  }
  segments_.clear();
  buffers_.clear();
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
  std::string e;
  GpuBuffer *b = buffers_.acquire(bytes, false, e);
  if (!b) {
    // The session's free buffers of other sizes may be what is missing:
    // once the work that may still use them is done, let the device have them.
    if (!finish()) return nullptr;
    if (buffers_.giveBackFree()) {
      device_.pool().trim();
      e.clear();
      b = buffers_.acquire(bytes, false, e);
    }
  }
  if (!b) error_ = "out of GPU memory allocating " + std::to_string(bytes >> 20) + " MiB (" + e + ")";
  return b;
}

void GpuStream::release(GpuBuffer *b) { buffers_.release(b); }

GpuBuffer *GpuStream::staging(size_t bytes) {
  std::string e;
  GpuBuffer *b = buffers_.acquire(bytes, true, e);
  if (!b) error_ = "out of host-visible memory for a " + std::to_string(bytes >> 20) + " MiB transfer (" + e + ")";
  return b;
}

void GpuStream::beginRun(bool timed) {
  runSegments_ = 0;
  counters_ = Counters{};
  timed_ = timed && device_.timestampBits() != 0;
  buffers_.resetPeak();
}

bool GpuStream::endRun() {
  bool ok = finish();
  buffers_.endRun();
  return ok;
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

bool GpuStream::newSegment() {
  VkDevice dev = device_.device();
  Segment s;
  VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  ai.commandPool = pool_;
  ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  ai.commandBufferCount = 1;
  VkResult r = vk_.vkAllocateCommandBuffers(dev, &ai, &s.cmd);
  if (r != VK_SUCCESS) return fail("vkAllocateCommandBuffers", r);
  VkFenceCreateInfo fi{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  r = vk_.vkCreateFence(dev, &fi, nullptr, &s.fence);
  if (r != VK_SUCCESS) return fail("vkCreateFence", r);
  if (device_.timestampBits()) {
    VkQueryPoolCreateInfo qi{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    qi.queryType = VK_QUERY_TYPE_TIMESTAMP;
    qi.queryCount = 2 * kCommandsPerSegment;
    if (vk_.vkCreateQueryPool(dev, &qi, nullptr, &s.queries) != VK_SUCCESS) s.queries = VK_NULL_HANDLE;
  }
  s.args = staging(kArgBytesPerSegment);
  if (!s.args) return false;
  s.keep = segments_.size() < kKeptSegments;
  segments_.push_back(std::move(s));
  return true;
}

GpuStream::Segment *GpuStream::open(size_t argBytes) {
  if (open_ >= 0) {
    Segment &s = segments_[(size_t)open_];
    if (s.argsUsed + argBytes <= kArgBytesPerSegment && s.commands() < s.capacity) return &s;
    if (!submitOpen()) return nullptr;
  }
  const size_t n = runSegments_;
  const size_t slot = n < kKeptSegments ? n : kKeptSegments + (n - kKeptSegments) % kRingSegments;
  while (segments_.size() <= slot)
    if (!newSegment()) return nullptr;
  Segment &s = segments_[slot];
  if (s.inFlight && !wait(s)) return nullptr; // a ring segment still busy
  runSegments_++;
  s.capacity = segmentCapacity(n, early_);
  s.argsUsed = 0;
  s.timedSoFar = 0;
  s.tags.clear();
  open_ = (int)slot;
  if (replay_ && s.keep && s.replayable && s.timed == (timed_ && s.queries)) {
    s.state = Segment::Matching;
    s.matched = 0;
  } else if (!beginRecording(s, 0)) {
    open_ = -1;
    return nullptr;
  }
  return &s;
}

bool GpuStream::beginRecording(Segment &s, size_t prefix) {
  auto started = Clock::now();
  s.replayable = false;
  vk_.vkResetCommandBuffer(s.cmd, 0);
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  VkResult r = vk_.vkBeginCommandBuffer(s.cmd, &bi);
  if (r != VK_SUCCESS) return fail("vkBeginCommandBuffer", r);
  s.timed = timed_ && s.queries;
  if (s.timed) vk_.vkCmdResetQueryPool(s.cmd, s.queries, 0, 2 * kCommandsPerSegment);
  s.tape.resize(prefix);
  s.state = Segment::Recording;
  uint32_t timedSoFar = s.timedSoFar;
  s.timedSoFar = 0;
  for (const Command &c : s.tape) emit(s, c);
  s.timedSoFar = timedSoFar;
  counters_.recordSeconds += since(started);
  return true;
}

void GpuStream::emit(Segment &s, const Command &c) {
  barrier(s.cmd);
  switch (c.kind) {
  case Command::Dispatch: {
    const uint32_t q = 2 * s.timedSoFar;
    if (s.timed) vk_.vkCmdWriteTimestamp(s.cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, s.queries, q);
    VkDeviceAddress address = s.args->address + c.argsOffset;
    vk_.vkCmdBindPipeline(s.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, c.pipeline);
    vk_.vkCmdPushConstants(s.cmd, device_.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, 8, &address);
    vk_.vkCmdDispatch(s.cmd, c.gx, c.gy, c.gz);
    if (s.timed) vk_.vkCmdWriteTimestamp(s.cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, s.queries, q + 1);
    if (s.timed) s.timedSoFar++;
    break;
  }
  case Command::Copy: {
    VkBufferCopy region{c.srcOffset, c.dstOffset, c.bytes};
    vk_.vkCmdCopyBuffer(s.cmd, c.src, c.dst, 1, &region);
    break;
  }
  case Command::Fill: vk_.vkCmdFillBuffer(s.cmd, c.dst, c.dstOffset, c.bytes, c.value); break;
  }
}

bool GpuStream::put(Segment &s, const Command &c) {
  if (s.state == Segment::Matching) {
    if (s.matched < s.tape.size() && s.tape[s.matched] == c) {
      s.matched++;
      if (c.kind == Command::Dispatch && s.timed) s.timedSoFar++;
      return true;
    }
    if (!beginRecording(s, s.matched)) return false;
  }
  auto started = Clock::now();
  emit(s, c);
  s.tape.push_back(c);
  counters_.recordSeconds += since(started);
  return true;
}

bool GpuStream::submitOpen() {
  if (open_ < 0) return true;
  Segment &s = segments_[(size_t)open_];
  open_ = -1;
  if (s.state == Segment::Matching) {
    if (s.matched == s.tape.size()) counters_.replayed++;
    else if (!beginRecording(s, s.matched)) return false; // this run's commands were a prefix of the last run's
  }
  if (s.state == Segment::Recording) {
    VkResult r = vk_.vkEndCommandBuffer(s.cmd);
    if (r != VK_SUCCESS) return fail("vkEndCommandBuffer", r);
    counters_.recorded++;
    s.replayable = s.keep;
  }
  s.state = Segment::Closed;
  auto started = Clock::now();
  vk_.vkResetFences(device_.device(), 1, &s.fence);
  VkResult r = device_.submit(s.cmd, s.fence);
  counters_.submitSeconds += since(started);
  if (r != VK_SUCCESS) {
    s.replayable = false;
    return fail("vkQueueSubmit", r);
  }
  counters_.submits++;
  s.inFlight = true;
  s.submitted = Clock::now();
  order_.push_back((size_t)(&s - segments_.data()));
  return true;
}

// Waits for a segment's fence. Blocking in the driver costs a wake-up after
// the GPU is done; polling costs a CPU core while it runs. `auto` blocks
// until shortly before the segment took last time, then polls.
VkResult GpuStream::waitFence(Segment &s) {
  VkDevice dev = device_.device();
  VkResult r = vk_.vkGetFenceStatus(dev, s.fence);
  if (r != VK_NOT_READY || waitMode_ == 1) return r == VK_NOT_READY ? vk_.vkWaitForFences(dev, 1, &s.fence, VK_TRUE, timeoutNs_) : r;
  double pollFor = waitMode_ == 2 ? 1.0 : 2e-3;
  if (waitMode_ == 0 && s.lastSeconds > 0) {
    const double blockFor = s.lastSeconds - since(s.submitted) - 3e-4;
    if (blockFor > 2e-4) {
      r = vk_.vkWaitForFences(dev, 1, &s.fence, VK_TRUE, (uint64_t)(blockFor * 1e9));
      if (r != VK_TIMEOUT) return r;
    }
    pollFor = std::max(2e-3, 0.5 * s.lastSeconds);
  }
  const auto until = Clock::now() + std::chrono::duration<double>(pollFor);
  while (Clock::now() < until) {
    r = vk_.vkGetFenceStatus(dev, s.fence);
    if (r != VK_NOT_READY) return r;
    std::this_thread::yield();
  }
  return vk_.vkWaitForFences(dev, 1, &s.fence, VK_TRUE, timeoutNs_);
}

bool GpuStream::wait(Segment &s) {
  if (!s.inFlight) return true;
  auto started = Clock::now();
  VkResult r = waitFence(s);
  counters_.waitSeconds += since(started);
  counters_.waits++;
  if (r == VK_TIMEOUT) {
    device_.markLost();
    error_ = "the GPU did not finish its work within " + std::to_string(timeoutNs_ / 1000000000) +
             " s (RUNMAT_GPU_TIMEOUT)";
    return false;
  }
  if (r != VK_SUCCESS) return fail("vkWaitForFences", r);
  s.lastSeconds = since(s.submitted);
  s.inFlight = false;
  order_.erase(std::find(order_.begin(), order_.end(), (size_t)(&s - segments_.data())));
  if (s.timed && s.timedSoFar) {
    std::vector<uint64_t> ts(2 * (size_t)s.timedSoFar);
    if (vk_.vkGetQueryPoolResults(device_.device(), s.queries, 0, (uint32_t)ts.size(), ts.size() * 8, ts.data(), 8,
                                  VK_QUERY_RESULT_64_BIT) == VK_SUCCESS) {
      const uint64_t mask = device_.timestampBits() >= 64 ? ~0ull : ((1ull << device_.timestampBits()) - 1);
      const double tick = device_.timestampPeriodNs() * 1e-9;
      for (size_t i = 0; i < s.tags.size() && 2 * i + 1 < ts.size(); ++i)
        timings_.push_back({s.tags[i], (double)(ts[2 * i] & mask) * tick, (double)(ts[2 * i + 1] & mask) * tick});
    }
  }
  s.tags.clear();
  s.timedSoFar = 0;
  for (GpuBuffer *b : s.retire) buffers_.release(b);
  s.retire.clear();
  return true;
}

bool GpuStream::dispatch(VkPipeline pipeline, const uint32_t *args, size_t words, uint32_t gx, uint32_t gy,
                         uint32_t gz, int tag) {
  if (device_.lost()) return error_ = "the GPU device was lost", false;
  const size_t bytes = (words * 4 + kArgAlign - 1) / kArgAlign * kArgAlign;
  Segment *s = open(bytes);
  if (!s) return false;
  std::memcpy(static_cast<char *>(s->args->mapped) + s->argsUsed, args, words * 4);
  Command c;
  c.kind = Command::Dispatch;
  c.pipeline = pipeline;
  c.gx = gx, c.gy = gy, c.gz = gz;
  c.argsOffset = s->argsUsed;
  s->argsUsed += bytes;
  if (timed_ && s->queries) s->tags.push_back(tag);
  counters_.dispatches++;
  return put(*s, c);
}

bool GpuStream::copy(GpuBuffer *src, size_t srcOffset, GpuBuffer *dst, size_t dstOffset, size_t bytes) {
  if (device_.lost()) return error_ = "the GPU device was lost", false;
  if (bytes == 0) return true;
  Segment *s = open(0);
  if (!s) return false;
  Command c;
  c.kind = Command::Copy;
  c.src = src->buffer, c.dst = dst->buffer;
  c.srcSerial = src->serial, c.dstSerial = dst->serial;
  c.srcOffset = srcOffset, c.dstOffset = dstOffset, c.bytes = bytes;
  return put(*s, c);
}

bool GpuStream::fill(GpuBuffer *dst, size_t offset, size_t bytes, uint32_t value) {
  if (device_.lost()) return error_ = "the GPU device was lost", false;
  if (bytes == 0) return true;
  Segment *s = open(0);
  if (!s) return false;
  Command c;
  c.kind = Command::Fill;
  c.dst = dst->buffer;
  c.dstSerial = dst->serial;
  c.dstOffset = offset, c.bytes = (bytes + 3) / 4 * 4, c.value = value;
  return put(*s, c);
}

bool GpuStream::upload(GpuBuffer *dst, size_t offset, const void *src, size_t bytes) {
  if (bytes == 0) return true;
  GpuBuffer *s = staging(bytes);
  if (!s) return false;
  std::memcpy(s->mapped, src, bytes);
  if (!copy(s, 0, dst, offset, bytes)) {
    buffers_.release(s);
    return false;
  }
  segments_[(size_t)open_].retire.push_back(s);
  return true;
}

GpuBuffer *GpuStream::stage(GpuBuffer *src, size_t offset, size_t bytes) {
  GpuBuffer *s = staging(std::max<size_t>(bytes, 1));
  if (!s) return nullptr;
  if (!copy(src, offset, s, 0, bytes)) {
    buffers_.release(s);
    return nullptr;
  }
  return s;
}

bool GpuStream::download(GpuBuffer *src, size_t offset, void *dst, size_t bytes) {
  if (bytes == 0) return true;
  GpuBuffer *s = stage(src, offset, bytes);
  if (!s) return false;
  bool ok = finish();
  if (ok) std::memcpy(dst, s->mapped, bytes);
  buffers_.release(s);
  return ok;
}

bool GpuStream::finish() {
  if (!submitOpen()) return false;
  while (!order_.empty())
    if (!wait(segments_[order_.front()])) return false;
  return true;
}

std::vector<GpuStream::Timing> GpuStream::takeTimings() {
  std::vector<Timing> out;
  out.swap(timings_);
  return out;
}

} // namespace runmat::rt
