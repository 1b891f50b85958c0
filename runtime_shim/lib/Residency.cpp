// Where each tensor's valid copy lives. A host read of a tensor only the
// device holds downloads it (and is the only thing that does: gather, print,
// a scalar read, a CPU kernel); a device read of a host-only tensor uploads it.
#include "Devices.h"
#include "Exec.h"

#include "gpu/GpuExec.h"

#include <algorithm>

namespace runmat::rt {

namespace {

std::string sizeText(const Tensor *t) { return t->shapeText() + " " + dtypeName(t->dtype); }

bool onDeviceOnly(const Storage *s) { return !s->hostValid && s->deviceValid; }

void readBack(runmat_exec *x, std::vector<Backend::ReadBack> &reads, const Tensor *any) {
  if (reads.empty()) return;
  std::string refusal;
  Backend *owner = reads[0].storage->deviceOwner;
  if (!owner->readBack(x, reads.data(), reads.size(), refusal))
    fail(x, RM_ERR_RUNTIME, "copying a " + sizeText(any) + " tensor from the GPU failed: " + refusal);
  for (const Backend::ReadBack &r : reads)
    if (r.storage->writer >= 0 && r.storage->writtenOnGpu)
      x->devices->later.moved(r.storage->writer, true, (double)r.bytes);
}

// Byte range [low, high) of the storage that a view touches.
void span(const Tensor *t, int64_t &low, int64_t &high) {
  const int64_t es = (int64_t)dtypeSize(t->dtype);
  low = high = t->offset;
  for (int k = 0; k < t->rank; ++k) {
    if (t->dims[k] == 0) {
      low = high = 0;
      return;
    }
    const int64_t reach = (t->dims[k] - 1) * t->strides[k];
    (reach < 0 ? low : high) += reach;
  }
  low *= es;
  high = (high + 1) * es;
}

} // namespace

void hostReadAll(runmat_exec *x, const Tensor *const *tensors, size_t count) {
  std::vector<Backend::ReadBack> reads;
  for (size_t i = 0; i < count; ++i) {
    Storage *s = tensors[i]->storage;
    if (s->hostValid) continue;
    if (!x->cache->ensureHost(s))
      fail(x, RM_ERR_MEMORY, "out of memory for the host copy of a " + sizeText(tensors[i]) + " tensor");
    bool seen = false;
    for (const Backend::ReadBack &r : reads) seen = seen || r.storage == s;
    if (s->deviceValid && !seen) reads.push_back({s, 0, s->used, s->data});
  }
  if (!reads.empty()) readBack(x, reads, tensors[0]);
  for (size_t i = 0; i < count; ++i) tensors[i]->storage->hostValid = true;
}

const char *hostRead(runmat_exec *x, const Tensor *t) {
  hostReadAll(x, &t, 1);
  return t->base();
}

std::vector<std::vector<double>> hostValues(runmat_exec *x, const Tensor *const *tensors, size_t count) {
  // Views of device-only storages: their spans come back into scratch
  // memory, all in one read.
  std::vector<std::vector<char>> scratch(count);
  std::vector<int64_t> lows(count, 0);
  std::vector<Backend::ReadBack> reads;
  for (size_t i = 0; i < count; ++i) {
    Storage *s = tensors[i]->storage;
    if (!onDeviceOnly(s) || tensors[i]->numel() == 0) continue;
    int64_t low, high;
    span(tensors[i], low, high);
    high = std::min<int64_t>(high, (int64_t)s->used);
    if (low < 0 || high <= low) continue;
    scratch[i].resize((size_t)(high - low));
    lows[i] = low;
    reads.push_back({s, (size_t)low, (size_t)(high - low), scratch[i].data()});
  }
  readBack(x, reads, count ? tensors[0] : nullptr);
  std::vector<std::vector<double>> out(count);
  for (size_t i = 0; i < count; ++i) {
    const Tensor *t = tensors[i];
    const int64_t n = t->numel();
    out[i].reserve((size_t)n);
    if (scratch[i].empty()) {
      hostRead(x, t);
      for (int64_t e = 0; e < n; ++e) out[i].push_back(t->get(e));
      continue;
    }
    // The same view over the scratch bytes, which start at byte lows[i].
    Storage view;
    view.data = scratch[i].data();
    Tensor local = *t;
    local.storage = &view;
    local.offset -= lows[i] / (int64_t)dtypeSize(t->dtype);
    for (int64_t e = 0; e < n; ++e) out[i].push_back(local.get(e));
    view.data = nullptr;
  }
  return out;
}

char *hostWrite(runmat_exec *x, Tensor *t) {
  Storage *s = t->storage;
  if (!x->cache->ensureHost(s))
    fail(x, RM_ERR_MEMORY, "out of memory allocating a " + sizeText(t) + " tensor (" +
                               std::to_string(s->bytes >> 20) + " MiB)");
  s->hostValid = true;
  s->deviceValid = false;
  s->writer = x->site;
  s->writtenOnGpu = false;
  return t->base();
}

namespace {

GpuBuffer *deviceCopy(runmat_exec *x, Storage *s, std::string &refusal) {
  if (s->device) return static_cast<GpuBuffer *>(s->device);
  GpuStream &stream = x->gpu->stream();
  GpuBuffer *b = stream.allocate(s->bytes);
  if (!b) {
    refusal = stream.error();
    return nullptr;
  }
  s->device = b;
  s->deviceOwner = x->gpu;
  x->gpu->noteDeviceCopy((int64_t)s->used);
  return b;
}

} // namespace

GpuBuffer *deviceRead(runmat_exec *x, const Tensor *t, std::string &refusal) {
  Storage *s = t->storage;
  if (s->deviceValid) return static_cast<GpuBuffer *>(s->device);
  GpuBuffer *b = deviceCopy(x, s, refusal);
  if (!b) return nullptr;
  if (s->hostValid) {
    GpuStream &stream = x->gpu->stream();
    if (!stream.upload(b, 0, s->data, s->used)) {
      if (stream.device().lost()) gpuLost(x, stream.error());
      refusal = stream.error();
      return nullptr;
    }
    x->telemetry.transferBytes += (double)s->used;
    x->telemetry.uploadBytes += (double)s->used;
    if (s->writer >= 0 && !s->writtenOnGpu) x->devices->later.moved(s->writer, false, (double)s->used);
  }
  s->deviceValid = true;
  return b;
}

GpuBuffer *deviceWrite(runmat_exec *x, Tensor *t, std::string &refusal) {
  Storage *s = t->storage;
  GpuBuffer *b = deviceCopy(x, s, refusal);
  if (!b) return nullptr;
  s->deviceValid = true;
  s->hostValid = false;
  s->writer = x->site;
  s->writtenOnGpu = true;
  return b;
}

uint64_t deviceAddress(const Tensor *t) {
  return static_cast<const GpuBuffer *>(t->storage->device)->address +
         (uint64_t)(t->offset * (int64_t)dtypeSize(t->dtype));
}

} // namespace runmat::rt
