// Where each tensor's valid copy lives. A host read of a tensor only the
// device holds downloads it (and is the only thing that does: gather, print,
// a scalar read, a CPU kernel); a device read of a host-only tensor uploads it.
#include "Exec.h"

#include "gpu/GpuExec.h"

namespace runmat::rt {

namespace {

std::string sizeText(const Tensor *t) { return t->shapeText() + " " + dtypeName(t->dtype); }

} // namespace

const char *hostRead(runmat_exec *x, const Tensor *t) {
  Storage *s = t->storage;
  if (!s->hostValid) {
    if (!x->cache->ensureHost(s))
      fail(x, RM_ERR_MEMORY, "out of memory for the host copy of a " + sizeText(t) + " tensor");
    if (s->deviceValid) {
      GpuStream &stream = *s->stream;
      if (!stream.download(s->device, 0, s->data, s->used)) {
        if (stream.device().lost()) gpuLost(x, stream.error());
        fail(x, RM_ERR_RUNTIME, "copying a " + sizeText(t) + " tensor from the GPU failed: " + stream.error());
      }
      x->telemetry.transferBytes += (double)s->used;
      x->telemetry.downloadBytes += (double)s->used;
    }
    s->hostValid = true;
  }
  return t->base();
}

char *hostWrite(runmat_exec *x, Tensor *t) {
  Storage *s = t->storage;
  if (!x->cache->ensureHost(s))
    fail(x, RM_ERR_MEMORY, "out of memory allocating a " + sizeText(t) + " tensor (" +
                               std::to_string(s->bytes >> 20) + " MiB)");
  s->hostValid = true;
  s->deviceValid = false;
  return t->base();
}

GpuBuffer *deviceRead(runmat_exec *x, const Tensor *t, std::string &refusal) {
  Storage *s = t->storage;
  if (s->deviceValid) return s->device;
  GpuStream &stream = x->gpu->stream();
  if (!s->device) {
    s->device = stream.allocate(s->bytes);
    if (!s->device) {
      refusal = stream.error();
      return nullptr;
    }
    s->stream = &stream;
  }
  if (s->hostValid) {
    if (!stream.upload(s->device, 0, s->data, s->used)) {
      if (stream.device().lost()) gpuLost(x, stream.error());
      refusal = stream.error();
      return nullptr;
    }
    x->telemetry.transferBytes += (double)s->used;
    x->telemetry.uploadBytes += (double)s->used;
  }
  s->deviceValid = true;
  return s->device;
}

GpuBuffer *deviceWrite(runmat_exec *x, Tensor *t, std::string &refusal) {
  Storage *s = t->storage;
  if (!s->device) {
    GpuStream &stream = x->gpu->stream();
    s->device = stream.allocate(s->bytes);
    if (!s->device) {
      refusal = stream.error();
      return nullptr;
    }
    s->stream = &stream;
  }
  s->deviceValid = true;
  s->hostValid = false;
  return s->device;
}

uint64_t deviceAddress(const Tensor *t) {
  return t->storage->device->address + (uint64_t)(t->offset * (int64_t)dtypeSize(t->dtype));
}

} // namespace runmat::rt
