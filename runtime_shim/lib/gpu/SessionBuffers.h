// The device memory of one session, kept from run to run. Buffers come in
// the device pool's size classes. Within a run a released buffer serves the
// next request of its class (the stream orders the work). When a run ends
// every buffer is free again, in the order it was first taken, so a run that
// asks for the same sizes in the same order as the last gets the same
// buffers: its recorded command buffers can be replayed (GpuStream). Buffers
// the run did not use go back to the device pool, so what a session keeps is
// what its last run used.
#pragma once

#include "GpuMemory.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace runmat::rt {

class SessionBuffers {
public:
  explicit SessionBuffers(GpuBufferPool &pool) : pool_(pool) {}
  ~SessionBuffers();
  SessionBuffers(const SessionBuffers &) = delete;
  SessionBuffers &operator=(const SessionBuffers &) = delete;

  // A buffer of at least `bytes` (host-visible when `host`); null with
  // `error` set when the device has no memory left for it.
  GpuBuffer *acquire(size_t bytes, bool host, std::string &error);
  void release(GpuBuffer *b);
  // Gives the device pool the free buffers of this session (to make room
  // when an allocation failed); true when there were any.
  bool giveBackFree();
  // The run is over and every buffer it held is released: they are free
  // again in their first order, and those it never took go back.
  void endRun();
  // Returns everything to the device pool (the session ends).
  void clear();

  // Device-local bytes held now and at most since the last resetPeak().
  uint64_t heldBytes() const { return held_; }
  uint64_t peakBytes() const { return peak_; }
  uint64_t hostBytes() const { return hostHeld_; }
  void resetPeak() { peak_ = held_; }
  // Buffers made (taken from the device pool) since the last endRun.
  uint64_t fresh() const { return fresh_; }

private:
  struct Class {
    std::vector<GpuBuffer *> all;  // in the order first taken
    std::vector<GpuBuffer *> free; // a stack: the next request takes back()
    std::vector<bool> usedThisRun; // by position in `all`
  };
  Class &classOf(bool host, size_t cls) { return classes_[{host, cls}]; }
  void drop(GpuBuffer *b);

  GpuBufferPool &pool_;
  std::map<std::pair<bool, size_t>, Class> classes_;
  uint64_t held_ = 0, peak_ = 0, hostHeld_ = 0, fresh_ = 0;
};

} // namespace runmat::rt
