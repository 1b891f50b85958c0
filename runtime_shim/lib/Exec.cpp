// The runmat_rt1_* functions generated host code calls (runmat_abi.h).
#include "Exec.h"

#include "Blas.h"
#include "Format.h"
#include "Placement.h"
#include "gpu/GpuExec.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <new>

namespace runmat::rt {

void fail(runmat_exec *x, rm_status status, const std::string &message) {
  x->failMessage = message;
  // Messages of checks carry their location already; others get the current one.
  if (x->where >= 0 && message.find(" (") == std::string::npos)
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
  t->rank = rank;
  int64_t stride = 1;
  for (int k = 0; k < rank; ++k) {
    t->dims[k] = dims[k];
    t->strides[k] = stride;
    stride *= dims[k];
  }
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

namespace {

template <typename T> void copyStrided(const Tensor *src, Tensor *dst) {
  int64_t n = src->numel();
  int64_t idx[RUNMAT_MAX_RANK] = {0};
  const T *in = reinterpret_cast<const T *>(src->base());
  T *out = reinterpret_cast<T *>(dst->base());
  int64_t off = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[i] = in[off];
    for (int k = 0; k < src->rank; ++k) {
      off += src->strides[k];
      if (++idx[k] < src->dims[k]) break;
      off -= src->strides[k] * src->dims[k];
      idx[k] = 0;
    }
  }
}

void copyInto(const Tensor *src, Tensor *dst) {
  switch (dtypeSize(src->dtype)) {
  case 8: copyStrided<uint64_t>(src, dst); break;
  case 4: copyStrided<uint32_t>(src, dst); break;
  default: copyStrided<uint8_t>(src, dst); break;
  }
}

Tensor *asTensor(void *t) { return static_cast<Tensor *>(t); }

std::string oneBased(int64_t i) { return std::to_string(i + 1); }

} // namespace

Tensor *contiguousCopy(runmat_exec *x, const Tensor *t) {
  Tensor *c = newTensor(x, t->dtype, t->rank, t->dims);
  // Copy where the valid data is.
  if (!t->storage->hostValid && t->storage->deviceValid && x->gpu) {
    std::string refusal;
    if (deviceWrite(x, c, refusal) && gpuCopy(x, t, c, refusal)) return c;
  }
  hostRead(x, t);
  hostWrite(x, c);
  copyInto(t, c);
  return c;
}

const char *artifactString(runmat_exec *x, int32_t index) {
  const runmat_artifact_desc *d = x->artifact->desc;
  if (index < 0 || (uint32_t)index >= d->num_strings) return "";
  return d->strings[index];
}

} // namespace runmat::rt

using namespace runmat::rt;

namespace runmat::rt {
namespace {

// Takes the pushed arguments; checks they are `count` items of `kind`.
std::vector<runmat_exec::Item> take(runmat_exec *x, const char *what) {
  std::vector<runmat_exec::Item> items;
  items.swap(x->stack);
  (void)what;
  return items;
}

std::vector<int64_t> ints(runmat_exec *x, const std::vector<runmat_exec::Item> &items, size_t from, size_t count,
                          const char *what) {
  std::vector<int64_t> out;
  for (size_t i = from; i < from + count; ++i) {
    if (i >= items.size() || items[i].kind != runmat_exec::Item::I64)
      fail(x, RM_ERR_INTERNAL, std::string(what) + ": the pushed arguments do not match");
    out.push_back(items[i].i);
  }
  return out;
}

// A library operation on the GPU when `where` chose it: `run` returns the
// result or null with a refusal. On success the call is recorded (as `name`,
// `bytes` of its operands besides the result) and returned; on failure a run
// under --device gpu stops, any other falls back to the CPU (said in
// `where`) and null is returned.
Tensor *tryGpuLibrary(runmat_exec *x, const char *name, const std::string &what, Placement &where, double es,
                      double operandElements, double transfersBefore,
                      const std::function<Tensor *(std::string &)> &run) {
  if (!where.gpu) return nullptr;
  std::string refusal;
  if (Tensor *c = run(refusal)) {
    x->telemetry.recordLibrary(name, "gpu", where.reason, 0, es * (operandElements + (double)c->numel()),
                               where.gpuSeconds, x->telemetry.transferBytes - transfersBefore);
    return c;
  }
  if (x->policy == DevicePolicy::Gpu) fail(x, RM_ERR_RUNTIME, what + " failed on the GPU: " + refusal);
  where.reason = "the GPU failed (" + refusal + "), so the CPU";
  return nullptr;
}

void setResults(runmat_exec *x, std::vector<Tensor *> r) {
  for (Tensor *t : x->results)
    if (t) releaseTensor(x, t); // results nobody fetched
  x->results = std::move(r);
}

} // namespace
} // namespace runmat::rt

extern "C" {

void runmat_rt1_push_tensor(runmat_exec *x, void *t) { x->stack.push_back({runmat_exec::Item::Tensor, t, 0, 0}); }
void runmat_rt1_push_i64(runmat_exec *x, int64_t v) { x->stack.push_back({runmat_exec::Item::I64, nullptr, v, 0}); }
void runmat_rt1_push_f64(runmat_exec *x, double v) { x->stack.push_back({runmat_exec::Item::F64, nullptr, 0, v}); }

void *runmat_rt1_result(runmat_exec *x, int32_t i) {
  if (i < 0 || (size_t)i >= x->results.size() || !x->results[i])
    fail(x, RM_ERR_INTERNAL, "result " + std::to_string(i) + " is not available");
  Tensor *t = x->results[i];
  x->results[i] = nullptr; // the caller owns it now
  return t;
}

void *runmat_rt1_alloc(runmat_exec *x, int32_t dtype) {
  auto items = take(x, "alloc");
  std::vector<int64_t> dims = ints(x, items, 0, items.size(), "alloc");
  return newTensor(x, dtype, (int)dims.size(), dims.data());
}

void runmat_rt1_retain(runmat_exec *, void *t) { asTensor(t)->refs++; }

void runmat_rt1_release(runmat_exec *x, void *t) { releaseTensor(x, asTensor(t)); }

int64_t runmat_rt1_dim(runmat_exec *, void *t, int32_t k) { return asTensor(t)->dim(k); }

void runmat_rt1_launch(runmat_exec *x, int32_t kernel) {
  const Manifest &m = x->artifact->manifest;
  if (kernel < 0 || (size_t)kernel >= m.kernels.size()) fail(x, RM_ERR_INTERNAL, "no kernel " + std::to_string(kernel));
  const KernelInfo &k = m.kernels[kernel];
  auto items = take(x, "launch");
  int nIn = k.numInputs();
  std::vector<Tensor *> tensors;
  for (int i = 0; i < nIn; ++i) {
    if ((size_t)i >= items.size() || items[i].kind != runmat_exec::Item::Tensor)
      fail(x, RM_ERR_INTERNAL, "launch of " + k.name + ": the pushed arguments do not match");
    tensors.push_back(asTensor(items[i].tensor));
  }
  std::vector<int64_t> scalarInts = ints(x, items, nIn, k.numScalars, "launch");
  std::vector<int64_t> space = ints(x, items, nIn + k.numScalars, k.rank, "launch");
  if (items.size() != (size_t)(nIn + k.numScalars + k.rank))
    fail(x, RM_ERR_INTERNAL, "launch of " + k.name + ": the pushed arguments do not match");
  std::vector<uint64_t> scalars(scalarInts.begin(), scalarInts.end());
  std::vector<Tensor *> outputs;
  for (const KernelTensor &kt : k.tensors) {
    if (!kt.output) continue;
    std::vector<int64_t> dims;
    for (int p = 0; p < kt.rank; ++p)
      dims.push_back(p < k.rank && std::find(k.reduce.begin(), k.reduce.end(), p) == k.reduce.end() ? space[p] : 1);
    outputs.push_back(newTensor(x, kt.dtype, kt.rank, dims.data()));
    tensors.push_back(outputs.back());
  }
  const double transfersBefore = x->telemetry.transferBytes;
  Placement where = placeKernel(x, k, tensors.data(), scalars.data(), space.data());
  if (where.gpu) {
    std::string refusal;
    if (launchGpu(x, kernel, tensors.data(), scalars.data(), space.data(), refusal)) {
      double bytes = 0;
      for (const Tensor *t : tensors) bytes += (double)t->numel() * (double)dtypeSize(t->dtype);
      x->telemetry.record(kernel, "gpu", where.reason, 0, bytes, where.gpuSeconds,
                          x->telemetry.transferBytes - transfersBefore);
      setResults(x, outputs);
      return;
    }
    if (x->policy == DevicePolicy::Gpu)
      fail(x, RM_ERR_RUNTIME, "kernel " + k.name + " failed on the GPU: " + refusal);
    where.reason = "the GPU failed (" + refusal + "), so the CPU";
  }
  for (int i = 0; i < nIn; ++i) hostRead(x, tensors[(size_t)i]);
  for (Tensor *o : outputs) hostWrite(x, o);
  launchCpu(x, kernel, tensors.data(), scalars.data(), space.data(), where.reason, where.cpuSeconds,
            x->telemetry.transferBytes - transfersBefore);
  setResults(x, outputs);
}

void *runmat_rt1_reshape(runmat_exec *x, void *tp) {
  auto items = take(x, "reshape");
  std::vector<int64_t> dims = ints(x, items, 0, items.size(), "reshape");
  Tensor *t = asTensor(tp);
  int rank = (int)dims.size();
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  if (n != t->numel())
    fail(x, RM_ERR_RUNTIME, "reshape of a " + t->shapeText() + " array into " + std::to_string(n) +
                                " elements changes the number of elements");
  Tensor *base = t->contiguous() ? t : contiguousCopy(x, t);
  Tensor *v = newView(x, base);
  v->rank = rank;
  int64_t stride = 1;
  for (int k = 0; k < rank; ++k) {
    v->dims[k] = dims[k];
    v->strides[k] = stride;
    stride *= dims[k];
  }
  if (base != t) releaseTensor(x, base);
  return v;
}

void *runmat_rt1_transpose(runmat_exec *x, void *tp) {
  Tensor *t = asTensor(tp);
  Tensor *v = newView(x, t);
  std::swap(v->dims[0], v->dims[1]);
  std::swap(v->strides[0], v->strides[1]);
  return v;
}

void *runmat_rt1_slice(runmat_exec *x, void *tp, int32_t resultRank) {
  auto items = take(x, "slice");
  if (items.size() % 3) fail(x, RM_ERR_INTERNAL, "slice: the pushed arguments do not match");
  int rank = (int)items.size() / 3;
  std::vector<int64_t> offsets = ints(x, items, 0, rank, "slice"), sizes = ints(x, items, rank, rank, "slice"),
                       steps = ints(x, items, 2 * rank, rank, "slice");
  Tensor *t = asTensor(tp);
  Tensor *v = newView(x, t);
  for (int k = 0; k < rank; ++k) {
    if (sizes[k] < 0) fail(x, RM_ERR_RUNTIME, "negative subscript range");
    if (sizes[k] > 0) {
      int64_t first = offsets[k], last = offsets[k] + (sizes[k] - 1) * steps[k];
      int64_t lo = std::min(first, last), hi = std::max(first, last);
      if (lo < 0 || hi >= t->dim(k))
        fail(x, RM_ERR_RUNTIME, "index " + oneBased(lo < 0 ? lo : hi) + " is out of bounds for dimension " +
                                    std::to_string(k + 1) + " of extent " + std::to_string(t->dim(k)));
      v->offset += offsets[k] * (k < t->rank ? t->strides[k] : 0);
    }
    v->dims[k] = sizes[k];
    v->strides[k] = (k < t->rank ? t->strides[k] : 0) * steps[k];
  }
  v->rank = resultRank;
  return v;
}

void *runmat_rt1_concat(runmat_exec *x, int32_t dim) {
  auto items = take(x, "concat");
  std::vector<Tensor *> parts;
  for (const auto &it : items) {
    if (it.kind != runmat_exec::Item::Tensor) fail(x, RM_ERR_INTERNAL, "concat: the pushed arguments do not match");
    parts.push_back(asTensor(it.tensor));
  }
  if (parts.empty()) fail(x, RM_ERR_INTERNAL, "concat of nothing");
  const Tensor *first = parts[0];
  int rank = std::max(first->rank, dim);
  int64_t dims[RUNMAT_MAX_RANK];
  for (int k = 0; k < rank; ++k) dims[k] = first->dim(k);
  dims[dim - 1] = 0;
  for (const Tensor *p : parts) {
    for (int k = 0; k < rank; ++k)
      if (k != dim - 1 && p->dim(k) != first->dim(k))
        fail(x, RM_ERR_RUNTIME, "dimensions of arrays being concatenated are not consistent (" + first->shapeText() +
                                    " and " + p->shapeText() + ")");
    dims[dim - 1] += p->dim(dim - 1);
  }
  Tensor *out = newTensor(x, first->dtype, rank, dims);
  // On the device when every part is there only.
  bool device = x->gpu != nullptr;
  for (const Tensor *p : parts) device = device && p->storage->deviceValid && !p->storage->hostValid;
  std::string refusal;
  if (device && deviceWrite(x, out, refusal)) {
    int64_t at = 0;
    bool ok = true;
    for (const Tensor *p : parts) {
      Tensor *slot = newView(x, out);
      slot->offset += at * out->strides[dim - 1];
      slot->dims[dim - 1] = p->dim(dim - 1);
      ok = ok && gpuCopy(x, p, slot, refusal);
      releaseTensor(x, slot);
      at += p->dim(dim - 1);
    }
    if (ok) return out;
  }
  hostWrite(x, out);
  int64_t at = 0;
  size_t es = dtypeSize(first->dtype);
  for (const Tensor *p : parts) {
    Tensor *staged = contiguousCopy(x, p);
    hostRead(x, staged);
    int64_t idx[RUNMAT_MAX_RANK] = {0};
    for (int64_t e = 0; e < staged->numel(); ++e) {
      int64_t off = at * out->strides[dim - 1];
      for (int k = 0; k < rank; ++k) off += idx[k] * out->strides[k];
      std::memcpy(out->base() + off * (int64_t)es, staged->base() + e * (int64_t)es, es);
      for (int k = 0; k < rank && ++idx[k] == p->dim(k); ++k) idx[k] = 0;
    }
    releaseTensor(x, staged);
    at += p->dim(dim - 1);
  }
  return out;
}

void *runmat_rt1_matmul(runmat_exec *x, void *ap, void *bp, int32_t flags) {
  Tensor *a = asTensor(ap), *b = asTensor(bp);
  bool ta = flags & 1, tb = flags & 2;
  int64_t m = ta ? a->dims[1] : a->dims[0], k = ta ? a->dims[0] : a->dims[1];
  int64_t k2 = tb ? b->dims[1] : b->dims[0], n = tb ? b->dims[0] : b->dims[1];
  if (k != k2)
    fail(x, RM_ERR_RUNTIME, "inner dimensions of the matrix product do not agree (" + std::to_string(m) + "x" +
                                std::to_string(k) + " * " + std::to_string(k2) + "x" + std::to_string(n) + ")");
  double es = (double)dtypeSize(a->dtype);
  const double transfersBefore = x->telemetry.transferBytes;
  Tensor *operands[2] = {a, b};
  Placement where = placeLibrary(x, "the matrix product", 2.0 * (double)m * (double)n * (double)k,
                                 es * (double)(m * k + k * n + m * n), operands, 2, "");
  if (Tensor *c = tryGpuLibrary(x, "matmul", "the matrix product", where, es, (double)(a->numel() + b->numel()),
                                transfersBefore,
                                [&](std::string &refusal) { return gpuMatmul(x, a, b, ta, tb, refusal); }))
    return c;
  int64_t cd[2] = {m, n};
  Tensor *c = newTensor(x, a->dtype, 2, cd);
  hostWrite(x, c);
  if (m == 0 || n == 0) return c;
  if (k == 0) {
    std::memset(c->base(), 0, (size_t)(m * n) * dtypeSize(c->dtype));
    return c;
  }
  hostRead(x, a);
  hostRead(x, b);
  if (const char *e = Blas::load()) fail(x, RM_ERR_UNSUPPORTED, std::string("matrix product: ") + e);
  // BLAS reads column-major matrices with a leading dimension; a transposed
  // view is the other layout. Anything else is copied first.
  auto layout = [&](Tensor *t, bool &trans, int64_t &ld, Tensor *&owned) -> const void * {
    owned = nullptr;
    if (t->strides[0] == 1 && t->strides[1] >= std::max<int64_t>(1, t->dims[0])) {
      ld = std::max<int64_t>(1, t->strides[1]);
    } else if (t->strides[1] == 1 && t->strides[0] >= std::max<int64_t>(1, t->dims[1])) {
      trans = !trans;
      ld = std::max<int64_t>(1, t->strides[0]);
    } else {
      owned = contiguousCopy(x, t);
      hostRead(x, owned);
      ld = std::max<int64_t>(1, t->dims[0]);
      return owned->base();
    }
    return t->base();
  };
  bool single = a->dtype == RM_SINGLE;
  Tensor *ownA, *ownB;
  int64_t lda, ldb;
  const void *pa = layout(a, ta, lda, ownA);
  const void *pb = layout(b, tb, ldb, ownB);
  auto start = std::chrono::steady_clock::now();
  if (pa == pb && lda == ldb && ta && !tb) {
    // A' * A: the symmetric rank-k product computes half and mirrors it.
    Blas::syrkTransposed(single, n, k, pa, lda, c->base(), m);
    size_t es = dtypeSize(c->dtype);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = j + 1; i < m; ++i)
        std::memcpy(c->base() + (i + j * m) * (int64_t)es, c->base() + (j + i * m) * (int64_t)es, es);
  } else {
    Blas::gemm(single, ta, tb, m, n, k, pa, lda, pb, ldb, c->base(), m);
  }
  x->telemetry.recordLibrary("matmul", "cpu", where.reason,
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                             (double)(a->numel() + b->numel() + c->numel()) * (double)dtypeSize(c->dtype),
                             where.cpuSeconds, x->telemetry.transferBytes - transfersBefore);
  if (ownA) releaseTensor(x, ownA);
  if (ownB) releaseTensor(x, ownB);
  x->launches++;
  return c;
}

void *runmat_rt1_gram(runmat_exec *x, void *ap, void *mup, double divisor) {
  Tensor *a = asTensor(ap), *mu = asTensor(mup);
  const int64_t m = a->dims[0], n = a->dims[1];
  if (mu->dims[0] != 1 || mu->dims[1] != n)
    fail(x, RM_ERR_RUNTIME, "the centered Gram product needs a 1x" + std::to_string(n) + " row of means, got " +
                                mu->shapeText());
  double es = (double)dtypeSize(a->dtype);
  const double transfersBefore = x->telemetry.transferBytes;
  Tensor *operands[2] = {a, mu};
  // Half of the products of A.' * A (one triangle), plus the centering.
  Placement where = placeLibrary(x, "the centered Gram product", (double)m * (double)n * (double)(n + 1) + 2.0 * m * n,
                                 es * (double)(m * n + n + n * n), operands, 2, "");
  if (Tensor *c = tryGpuLibrary(x, "gram", "the centered Gram product", where, es, (double)(a->numel() + mu->numel()),
                                transfersBefore,
                                [&](std::string &refusal) { return gpuMatmul(x, a, a, true, false, refusal, mu, divisor); }))
    return c;
  int64_t cd[2] = {n, n};
  Tensor *c = newTensor(x, a->dtype, 2, cd);
  hostWrite(x, c);
  if (n == 0) return c;
  hostRead(x, a);
  hostRead(x, mu);
  if (const char *e = Blas::load()) fail(x, RM_ERR_UNSUPPORTED, std::string("centered Gram product: ") + e);
  auto start = std::chrono::steady_clock::now();
  const bool single = a->dtype == RM_SINGLE;
  // Blocks of rows are centered into a scratch matrix and added into the
  // upper triangle (syrk), so the centered matrix never exists whole.
  const int64_t rows = std::max<int64_t>(1, std::min<int64_t>(m, std::max<int64_t>(256, (int64_t(1) << 22) / std::max<int64_t>(1, n))));
  std::vector<double> scratchD(single ? 0 : (size_t)(rows * n));
  std::vector<float> scratchF(single ? (size_t)(rows * n) : 0);
  auto at = [&](const Tensor *t, int64_t i, int64_t j) -> const char * {
    return t->base() + (i * t->strides[0] + j * t->strides[1]) * (int64_t)dtypeSize(t->dtype);
  };
  if (m == 0) std::memset(c->base(), 0, (size_t)(n * n) * dtypeSize(c->dtype));
  for (int64_t r0 = 0; r0 < m; r0 += rows) {
    const int64_t rb = std::min(rows, m - r0);
    x->pool->parallelFor(std::min<int64_t>(n, (int64_t)x->pool->size()), [&](int64_t chunk) {
      int64_t parts = std::min<int64_t>(n, (int64_t)x->pool->size());
      for (int64_t j = n * chunk / parts; j < n * (chunk + 1) / parts; ++j) {
        if (single) {
          float mj = *(const float *)at(mu, 0, j);
          for (int64_t i = 0; i < rb; ++i) scratchF[(size_t)(i + j * rb)] = *(const float *)at(a, r0 + i, j) - mj;
        } else {
          double mj = *(const double *)at(mu, 0, j);
          for (int64_t i = 0; i < rb; ++i) scratchD[(size_t)(i + j * rb)] = *(const double *)at(a, r0 + i, j) - mj;
        }
      }
    });
    Blas::syrkTransposed(single, n, rb, single ? (const void *)scratchF.data() : (const void *)scratchD.data(), rb,
                         c->base(), n, /*accumulate=*/r0 > 0);
  }
  // The divisor, then the lower triangle from the upper.
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i <= j; ++i) {
      if (single) {
        float &u = ((float *)c->base())[i + j * n];
        u = u / (float)divisor;
        ((float *)c->base())[j + i * n] = u;
      } else {
        double &u = ((double *)c->base())[i + j * n];
        u = u / divisor;
        ((double *)c->base())[j + i * n] = u;
      }
    }
  x->telemetry.recordLibrary("gram", "cpu", where.reason,
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                             es * (double)(a->numel() + mu->numel() + c->numel()), where.cpuSeconds,
                             x->telemetry.transferBytes - transfersBefore);
  x->launches++;
  return c;
}

void runmat_rt1_qr(runmat_exec *x, void *ap) {
  Tensor *a = asTensor(ap);
  int64_t m = a->dims[0], n = a->dims[1], k = std::min(m, n);
  double es = (double)dtypeSize(a->dtype);
  const double transfersBefore = x->telemetry.transferBytes;
  std::string shapeRefusal = m < n ? "the device QR needs at least as many rows as columns"
                             : n > 64 ? "the device QR handles at most 64 columns"
                             : n == 0 ? "an empty matrix"
                                      : "";
  Placement where = placeLibrary(x, "qr", 4.0 * (double)m * (double)n * (double)n, es * (double)(2 * m * n + n * n),
                                 &a, 1, shapeRefusal);
  if (where.gpu) {
    std::string refusal;
    Tensor *Q = nullptr, *R = nullptr;
    if (gpuQr(x, a, Q, R, refusal)) {
      x->telemetry.recordLibrary("qr", "gpu", where.reason, 0, es * (double)(2 * a->numel() + R->numel()),
                                 where.gpuSeconds, x->telemetry.transferBytes - transfersBefore);
      setResults(x, {Q, R});
      return;
    }
    if (x->policy == DevicePolicy::Gpu) fail(x, RM_ERR_RUNTIME, "qr failed on the GPU: " + refusal);
    where.reason = "the GPU failed (" + refusal + "), so the CPU";
  }
  if (const char *e = Blas::load()) fail(x, RM_ERR_UNSUPPORTED, std::string("qr: ") + e);
  auto start = std::chrono::steady_clock::now();
  hostRead(x, a);
  Tensor *work = contiguousCopy(x, a); // becomes Q
  hostRead(x, work);
  int64_t rd[2] = {k, n};
  Tensor *R = newTensor(x, a->dtype, 2, rd);
  hostWrite(x, R);
  hostWrite(x, work); // LAPACK overwrites it
  int info = m && n ? Blas::qrEcon(a->dtype == RM_SINGLE, m, n, work->base(), std::max<int64_t>(1, m), R->base()) : 0;
  if (info == -1000) fail(x, RM_ERR_UNSUPPORTED, "qr: no LAPACK library found (liblapacke.so.3 or OpenBLAS)");
  if (info != 0) fail(x, RM_ERR_RUNTIME, "qr: LAPACK reported error " + std::to_string(info));
  // Q is the first k columns of the factored matrix.
  Tensor *Q = newView(x, work);
  Q->dims[1] = k;
  releaseTensor(x, work);
  x->telemetry.recordLibrary("qr", "cpu", where.reason,
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                             (double)(2 * a->numel() + R->numel()) * (double)dtypeSize(a->dtype), where.cpuSeconds,
                             x->telemetry.transferBytes - transfersBefore);
  x->launches++;
  setResults(x, {Q, R});
}

void *runmat_rt1_from_scalar(runmat_exec *x, int32_t dtype, double value) {
  int64_t dims[2] = {1, 1};
  Tensor *t = newTensor(x, dtype, 2, dims);
  hostWrite(x, t);
  switch (dtype) {
  case RM_DOUBLE: *reinterpret_cast<double *>(t->base()) = value; break;
  case RM_SINGLE: *reinterpret_cast<float *>(t->base()) = (float)value; break;
  default: *reinterpret_cast<uint8_t *>(t->base()) = value != 0; break;
  }
  return t;
}

void *runmat_rt1_constant(runmat_exec *x, int32_t dtype, const void *data) {
  auto items = take(x, "constant");
  std::vector<int64_t> dims = ints(x, items, 0, items.size(), "constant");
  Tensor *t = newTensor(x, dtype, (int)dims.size(), dims.data());
  std::memcpy(hostWrite(x, t), data, (size_t)t->numel() * dtypeSize(dtype));
  return t;
}

double runmat_rt1_read(runmat_exec *x, void *tp) {
  Tensor *t = asTensor(tp);
  if (t->numel() != 1)
    fail(x, RM_ERR_RUNTIME, "a " + t->shapeText() + " value is used where a scalar is needed");
  hostRead(x, t);
  return t->get(0);
}

void runmat_rt1_residency(runmat_exec *x, void *tp, int32_t device) {
  Tensor *t = asTensor(tp);
  if (!device) {
    hostRead(x, t); // gather
    return;
  }
  // gpuArray: move it now, unless kernels run on the CPU anyway.
  if (x->policy == DevicePolicy::Cpu || !ensureGpu(x)) return;
  if (x->policy == DevicePolicy::Auto && x->gpu->device().info().type == "cpu" && !std::getenv("RUNMAT_COST_DEVICE"))
    return;
  std::string refusal;
  deviceRead(x, t, refusal);
}

void runmat_rt1_print(runmat_exec *x, int32_t format) {
  auto items = take(x, "print");
  std::vector<double> values;
  for (const auto &it : items) {
    if (it.kind == runmat_exec::Item::Tensor) {
      const Tensor *t = asTensor(it.tensor);
      hostRead(x, t);
      for (int64_t e = 0, c = t->numel(); e < c; ++e) values.push_back(t->get(e));
    } else {
      values.push_back(it.kind == runmat_exec::Item::F64 ? it.f : (double)it.i);
    }
  }
  x->print(formatPrintf(artifactString(x, format), values));
}

void runmat_rt1_display(runmat_exec *x, int32_t name, void *tensor) {
  const Tensor *t = asTensor(tensor);
  hostRead(x, t);
  DisplayValue v;
  v.dtype = t->dtype;
  v.dims.assign(t->dims, t->dims + t->rank);
  for (int64_t e = 0, c = t->numel(); e < c; ++e) v.data.push_back(t->get(e));
  std::string n = name >= 0 ? artifactString(x, name) : "";
  x->print(formatDisplay(name >= 0 ? &n : nullptr, v));
}

void runmat_rt1_fail(runmat_exec *x, int32_t message) { fail(x, RM_ERR_RUNTIME, artifactString(x, message)); }

void runmat_rt1_check(runmat_exec *x, int32_t condition, int32_t message) {
  if (!condition) fail(x, RM_ERR_RUNTIME, artifactString(x, message));
}

int64_t runmat_rt1_to_index(runmat_exec *x, double value, int32_t what, int32_t allowNegative) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) <= 9.0e15 && (allowNegative || value >= 0))
    return (int64_t)value;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  fail(x, RM_ERR_RUNTIME, std::string(artifactString(x, what)) + " must be " +
                              (allowNegative ? "an integer" : "a non-negative integer") + ", got " + buf);
}

int64_t runmat_rt1_range_count(double start, double step, double stop) {
  if (step == 0 || std::isnan(start) || std::isnan(step) || std::isnan(stop)) return 0;
  double q = (stop - start) / step;
  if (q < 0) return 0;
  return (int64_t)std::floor(q + 4 * 2.220446049250313e-16 * std::max(1.0, std::fabs(q))) + 1;
}

void runmat_rt1_at(runmat_exec *x, int32_t location) { x->where = location; }

} // extern "C"
