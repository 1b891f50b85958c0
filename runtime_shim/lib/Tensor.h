// Tensors of the runtime: strided views over reference-counted storage.
// Views (reshape of contiguous data, slice, transpose) share storage; kernels
// read any view through its strides and write freshly allocated ones.
#pragma once

#include "runmat/runmat.h"
#include "runmat/runmat_abi.h"
#include "runmat/contract/Manifest.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace runmat::rt {

class Backend;
class BufferCache;

// A device backend's copy of a storage. What it holds is that backend's
// business (the GPU's is a device buffer); the generic tensor only knows
// who owns it.
struct DeviceCopy {};

size_t dtypeSize(int dtype);
using ::runmat::dtypeName; // the contract's names (Manifest.h)

// The memory of one or more tensor views: a host copy, a device copy or both,
// each valid or not (residency). Freed (returned to its cache or pool) with
// its last reference.
struct Storage {
  void *data = nullptr; // host copy; null until the host needs one
  size_t bytes = 0;      // capacity (rounded up)
  size_t used = 0;       // bytes the tensor asked for: what transfers move
  std::atomic<int> refs{1};
  BufferCache *cache = nullptr;
  DeviceCopy *device = nullptr; // the device's copy, when it has one
  Backend *deviceOwner = nullptr; // ... and the backend that made it
  bool hostValid = false, deviceValid = false;
  // Small indexed writes made on the device so far (HostCalls.cpp: past a
  // round trip's worth, the storage moves to the host).
  uint32_t smallDeviceWrites = 0;
  // The operation whose result this is (LaterTransfers.h; -1: none), and
  // where it wrote it.
  int writer = -1;
  bool writtenOnGpu = false;
};

struct Tensor {
  Storage *storage = nullptr;
  int dtype = RM_DOUBLE;
  int rank = 2;
  int64_t offset = 0; // elements
  int64_t dims[RUNMAT_MAX_RANK] = {1, 1};
  int64_t strides[RUNMAT_MAX_RANK] = {1, 1};
  int refs = 1;

  int64_t numel() const;
  // Makes this a column-major view of `dims` (strides 1, d0, d0*d1, ...).
  void setColumnMajor(int rank, const int64_t *dims);
  int64_t dim(int k) const { return k < rank ? dims[k] : 1; }
  bool contiguous() const; // column-major, no gaps
  // The host copy's element 0: valid only after hostRead/hostWrite (Exec.h).
  char *base() const { return static_cast<char *>(storage->data) + offset * (int64_t)dtypeSize(dtype); }
  // Bytes from the storage's start to one past the view's last element
  // (views with negative strides excluded).
  int64_t extentBytes() const;
  // Element i (column-major over dims) as a double; the host copy must be valid.
  double get(int64_t linear) const;
  std::string shapeText() const;
};

// Reuses freed buffers of equal size so that loops which allocate the same
// shapes every iteration do not pay for page faults each time.
class BufferCache {
public:
  explicit BufferCache(size_t maxCachedBytes = size_t(2) << 30) : max_(maxCachedBytes) {}
  ~BufferCache();
  Storage *allocate(size_t bytes);        // with host memory; nullptr when out of memory
  Storage *allocateDeferred(size_t bytes); // host memory comes later (ensureHost)
  bool ensureHost(Storage *s);            // false when out of memory
  void recycle(Storage *s);               // called at the last release
  void clear();
  // Host memory that storages hold now, and the most since resetPeak (a
  // run's peak host memory, telemetry "peak_host_bytes").
  size_t liveBytes() const { return live_.load(std::memory_order_relaxed); }
  size_t peakBytes() const { return peak_.load(std::memory_order_relaxed); }
  void resetPeak() { peak_.store(liveBytes(), std::memory_order_relaxed); }

private:
  void noteLive(ptrdiff_t bytes);
  std::atomic<size_t> live_{0}, peak_{0};
  struct Entry {
    size_t bytes;
    void *data;
  };
  Entry *entries_ = nullptr;
  size_t count_ = 0, capacity_ = 0, cached_ = 0, max_;
};

void retainStorage(Storage *s);
void releaseStorage(Storage *s);

} // namespace runmat::rt
