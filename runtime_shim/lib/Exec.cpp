// The tensors of a run: creation, views, release, contiguous copies, and
// how a run stops on failure.
#include "Exec.h"

#include "Devices.h"
#include "gpu/GpuBackend.h"

#include <limits>

namespace runmat::rt {

void fail(runmat_exec *x, rm_status status, const std::string &message) {
  x->failMessage = message;
  // Messages of checks carry their location already (they end with
  // " (file:line:col)"); others get the current one.
  size_t open = message.rfind(" (");
  bool located = !message.empty() && message.back() == ')' && open != std::string::npos &&
                 message.find(':', open) != std::string::npos;
  if (x->where >= 0 && !located)
    x->failMessage += std::string(" (") + artifactString(x, x->where) + ")";
  x->failStatus = status;
  std::longjmp(*x->failJump, 1);
}

Tensor *newTensor(runmat_exec *x, int dtype, int rank, const int64_t *dims) {
  if (rank < 1 || rank > RUNMAT_MAX_RANK) fail(x, RM_ERR_INTERNAL, "tensor rank out of range");
  size_t esize = dtypeSize(dtype);
  size_t count = 1;
  for (int k = 0; k < rank; ++k) {
    if (dims[k] < 0) fail(x, RM_ERR_RUNTIME, "negative extent " + std::to_string(dims[k]));
    if (dims[k] && count > std::numeric_limits<size_t>::max() / 64 / (size_t)dims[k])
      fail(x, RM_ERR_MEMORY, "a tensor of this size overflows the address space");
    count *= (size_t)dims[k];
  }
  // Memory comes with the first write: on the host (hostWrite) or the device.
  Storage *s = x->cache->allocateDeferred(count * esize);
  if (!s) fail(x, RM_ERR_MEMORY, "out of memory");
  Tensor *t = new Tensor();
  t->storage = s;
  t->dtype = dtype;
  t->setColumnMajor(rank, dims);
  x->live.insert(t);
  return t;
}

Tensor *newView(runmat_exec *x, const Tensor *of) {
  Tensor *t = new Tensor(*of);
  t->refs = 1;
  retainStorage(t->storage);
  x->live.insert(t);
  return t;
}

void releaseTensor(runmat_exec *x, Tensor *t) {
  if (--t->refs > 0) return;
  x->live.erase(t);
  releaseStorage(t->storage);
  delete t;
}

Tensor *contiguousCopy(runmat_exec *x, const Tensor *t) {
  Tensor *c = newTensor(x, t->dtype, t->rank, t->dims);
  // Copy where the valid data is.
  if (!t->storage->hostValid && t->storage->deviceValid && x->gpu) {
    std::string refusal;
    if (x->gpu->copy(x, t, c, refusal)) return c;
  }
  std::string unused;
  x->devices->cpu().copy(x, t, c, unused);
  return c;
}

const char *artifactString(runmat_exec *x, int32_t index) {
  const runmat_artifact_desc *d = x->artifact->desc;
  if (index < 0 || (uint32_t)index >= d->num_strings) return "";
  return d->strings[index];
}

} // namespace runmat::rt
