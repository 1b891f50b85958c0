#include "Tensor.h"

#include "Backend.h"

#include "runmat/contract/Manifest.h"
#include "runmat/runmat_abi.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace runmat::rt {

// The C API's dtype codes are the artifact ABI's (runmat_abi.h).
static_assert(RM_DOUBLE == RUNMAT_DTYPE_DOUBLE && RM_SINGLE == RUNMAT_DTYPE_SINGLE && RM_LOGICAL == RUNMAT_DTYPE_LOGICAL);

size_t dtypeSize(int dtype) { return (size_t)::runmat::dtypeBytes(dtype); }

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int k = 0; k < rank; ++k) n *= dims[k];
  return n;
}

void Tensor::setColumnMajor(int r, const int64_t *d) {
  rank = r;
  int64_t stride = 1;
  for (int k = 0; k < r; ++k) {
    dims[k] = d[k];
    strides[k] = stride;
    stride *= d[k];
  }
}

bool Tensor::contiguous() const {
  int64_t expect = 1;
  for (int k = 0; k < rank; ++k) {
    if (dims[k] != 1 && strides[k] != expect) return false;
    expect *= dims[k];
  }
  return true;
}

double Tensor::get(int64_t linear) const {
  int64_t off = 0;
  for (int k = 0; k < rank; ++k) {
    int64_t i = linear % dims[k];
    linear /= dims[k];
    off += i * strides[k];
  }
  const char *p = base() + off * (int64_t)dtypeSize(dtype);
  switch (dtype) {
  case RM_DOUBLE: return *reinterpret_cast<const double *>(p);
  case RM_SINGLE: return *reinterpret_cast<const float *>(p);
  default: return *reinterpret_cast<const uint8_t *>(p) ? 1.0 : 0.0;
  }
}

int64_t Tensor::extentBytes() const {
  int64_t last = offset;
  for (int k = 0; k < rank; ++k)
    if (dims[k] > 0) last += (dims[k] - 1) * strides[k];
  return numel() == 0 ? 0 : (last + 1) * (int64_t)dtypeSize(dtype);
}

std::string Tensor::shapeText() const {
  std::string s;
  for (int k = 0; k < rank; ++k) s += (k ? "x" : "") + std::to_string(dims[k]);
  return s;
}

BufferCache::~BufferCache() {
  clear();
  std::free(entries_);
}

Storage *BufferCache::allocateDeferred(size_t bytes) {
  Storage *s = new (std::nothrow) Storage();
  if (!s) return nullptr;
  s->bytes = bytes == 0 ? 64 : (bytes + 63) / 64 * 64;
  s->used = bytes;
  s->cache = this;
  return s;
}

bool BufferCache::ensureHost(Storage *s) {
  if (s->data) return true;
  Storage *host = allocate(s->bytes);
  if (!host) return false;
  s->data = host->data;
  host->data = nullptr;
  delete host;
  return true;
}

Storage *BufferCache::allocate(size_t bytes) {
  size_t rounded = bytes == 0 ? 64 : (bytes + 63) / 64 * 64;
  void *data = nullptr;
  for (size_t i = 0; i < count_; ++i)
    if (entries_[i].bytes == rounded) {
      data = entries_[i].data;
      cached_ -= rounded;
      entries_[i] = entries_[--count_];
      break;
    }
  if (!data) data = std::aligned_alloc(64, rounded);
  if (!data) {
    clear(); // give cached memory back and try once more
    data = std::aligned_alloc(64, rounded);
    if (!data) return nullptr;
  }
  Storage *s = new (std::nothrow) Storage();
  if (!s) {
    std::free(data);
    return nullptr;
  }
  s->data = data;
  s->bytes = rounded;
  s->used = bytes;
  s->cache = this;
  s->hostValid = true;
  noteLive((ptrdiff_t)rounded);
  return s;
}

void BufferCache::noteLive(ptrdiff_t bytes) {
  size_t now = live_.fetch_add((size_t)bytes, std::memory_order_relaxed) + (size_t)bytes;
  size_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void BufferCache::recycle(Storage *s) {
  if (!s->data) {
    delete s;
    return;
  }
  noteLive(-(ptrdiff_t)s->bytes);
  if (cached_ + s->bytes <= max_) {
    if (count_ == capacity_) {
      size_t cap = capacity_ ? capacity_ * 2 : 16;
      auto *grown = static_cast<Entry *>(std::realloc(entries_, cap * sizeof(Entry)));
      if (grown) {
        entries_ = grown;
        capacity_ = cap;
      }
    }
    if (count_ < capacity_) {
      entries_[count_++] = Entry{s->bytes, s->data};
      cached_ += s->bytes;
      delete s;
      return;
    }
  }
  std::free(s->data);
  delete s;
}

void BufferCache::clear() {
  for (size_t i = 0; i < count_; ++i) std::free(entries_[i].data);
  count_ = 0;
  cached_ = 0;
}

void retainStorage(Storage *s) { s->refs.fetch_add(1, std::memory_order_relaxed); }

void releaseStorage(Storage *s) {
  if (s->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (s->device) s->deviceOwner->releaseCopy(s);
  s->device = nullptr;
  if (s->cache) {
    s->cache->recycle(s);
  } else {
    std::free(s->data);
    delete s;
  }
}

} // namespace runmat::rt
