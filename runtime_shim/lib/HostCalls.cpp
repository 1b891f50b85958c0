// The runmat_rt1_* entry points generated host code calls (runmat_abi.h)
// for tensors, views, printing and checks; launches and library operations
// are in LaunchCalls.cpp.
#include "runmat/contract/ParamSource.h"
#include "HostCalls.h"

#include "Format.h"
#include "runmat/contract/ParamSource.h"
#include "Devices.h"
#include "Offload.h"
#include "gpu/GpuExec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace runmat::rt {

std::vector<runmat_exec::Item> takeArguments(runmat_exec *x) {
  std::vector<runmat_exec::Item> items(x->stack.begin(), x->stack.end());
  x->stack.clear(); // keeps its capacity for the next call's arguments
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

void setResults(runmat_exec *x, std::vector<Tensor *> r) {
  for (Tensor *t : x->results)
    if (t) releaseTensor(x, t); // results nobody fetched
  x->results = std::move(r);
}

namespace {

std::string oneBased(int64_t i) { return std::to_string(i + 1); }

void setElement(Tensor *t, int64_t linear, double v) {
  int64_t off = 0;
  for (int k = 0; k < t->rank; ++k) {
    off += (linear % t->dims[k]) * t->strides[k];
    linear /= t->dims[k];
  }
  char *p = t->base() + off * (int64_t)dtypeSize(t->dtype);
  switch (t->dtype) {
  case RM_DOUBLE: *reinterpret_cast<double *>(p) = v; break;
  case RM_SINGLE: *reinterpret_cast<float *>(p) = (float)v; break;
  default: *reinterpret_cast<uint8_t *>(p) = v != 0; break;
  }
}

// The view of `t` that the pushed offsets, sizes and steps select (0-based,
// rank of t), bounds checked.
Tensor *sectionView(runmat_exec *x, Tensor *t, bool assigning) {
  auto items = takeArguments(x);
  if (items.size() % 3) fail(x, RM_ERR_INTERNAL, "section: the pushed arguments do not match");
  int rank = (int)items.size() / 3;
  std::vector<int64_t> offsets = ints(x, items, 0, rank, "section"), sizes = ints(x, items, rank, rank, "section"),
                       steps = ints(x, items, 2 * rank, rank, "section");
  Tensor *v = newView(x, t);
  for (int k = 0; k < rank; ++k) {
    if (sizes[k] < 0) fail(x, RM_ERR_RUNTIME, "negative subscript range");
    if (sizes[k] > 0) {
      int64_t first = offsets[k], last = offsets[k] + (sizes[k] - 1) * steps[k];
      int64_t lo = std::min(first, last), hi = std::max(first, last);
      if (lo < 0 || hi >= t->dim(k)) {
        std::string msg = lo < 0 ? "index " + oneBased(lo) + " is not a positive integer"
                                 : "index " + oneBased(hi) + " is out of bounds for dimension " +
                                       std::to_string(k + 1) + " of extent " + std::to_string(t->dim(k));
        if (assigning && lo >= 0)
          msg += "; runmatc grows an array at run time through single indexes such as x(i) = v or "
                 "x(i, j) = v, not through ranges, and not past a size that a run-time value fixed, such as "
                 "zeros(n, 1): preallocate it with its final size";
        releaseTensor(x, v);
        fail(x, RM_ERR_RUNTIME, msg);
      }
      v->offset += offsets[k] * (k < t->rank ? t->strides[k] : 0);
    }
    v->dims[k] = sizes[k];
    v->strides[k] = (k < t->rank ? t->strides[k] : 0) * steps[k];
  }
  v->rank = rank;
  return v;
}

// What one small device write is taken to cost, in bytes of transfer: a
// dispatch (~10 us) at the rate of a host-device copy.
constexpr size_t kSmallWriteBytes = 64 << 10;

Tensor *writable(runmat_exec *x, Tensor *t) {
  // The caller's reference is ours: write in place when nobody else can see
  // the storage (the old value is dead), else into a copy.
  if (t->refs == 1 && t->storage->refs.load() == 1 && t->contiguous()) return t;
  Tensor *c = contiguousCopy(x, t);
  releaseTensor(x, t);
  return c;
}

void writeSection(runmat_exec *x, Tensor *out, Tensor *section, const Tensor *value) {
  if (section->numel() == 0) return;
  // The value's elements in the section's shape: a scalar repeated (stride
  // 0), else the same elements in column-major order.
  Tensor *source = value->contiguous() ? newView(x, value) : contiguousCopy(x, value);
  if (value->numel() == 1) {
    source->rank = section->rank;
    for (int k = 0; k < section->rank; ++k) source->dims[k] = section->dims[k], source->strides[k] = 0;
  } else {
    source->setColumnMajor(section->rank, section->dims);
  }
  // On the device when the array lives only there and the section walks
  // forward; else on the host (the array's host copy made valid first).
  // Small writes (a host loop setting elements) rent the device: each costs
  // a dispatch, so once they have cost about a round trip of the array the
  // storage moves to the host for good (ski rental: at most twice the
  // better choice in hindsight).
  bool forward = true;
  for (int k = 0; k < section->rank; ++k) forward = forward && section->strides[k] >= 0;
  Storage *s = out->storage;
  bool onDevice = x->gpu && s->deviceValid && !s->hostValid && forward;
  const size_t sectionBytes = (size_t)section->numel() * dtypeSize(out->dtype);
  if (onDevice && sectionBytes < kSmallWriteBytes)
    onDevice = (size_t)++s->smallDeviceWrites * kSmallWriteBytes < s->used;
  std::string refusal;
  bool done = onDevice && x->gpu->copy(x, source, section, refusal);
  if (!done) {
    hostRead(x, out);
    x->devices->cpu().copy(x, source, section, refusal);
  }
  releaseTensor(x, source);
}

// The 0-based elements that the 1-based indexes of idx name among `numel`
// elements, each checked.
std::vector<int64_t> linearIndexes(runmat_exec *x, const Tensor *idx, int64_t numel) {
  hostRead(x, idx);
  std::vector<int64_t> out((size_t)idx->numel());
  for (size_t e = 0; e < out.size(); ++e) {
    double v = idx->get((int64_t)e);
    char text[32];
    std::snprintf(text, sizeof text, "%.15g", v);
    if (!(v >= 1) || v != std::floor(v))
      fail(x, RM_ERR_RUNTIME, std::string("index ") + text + " is not a positive integer");
    if (v > (double)numel)
      fail(x, RM_ERR_RUNTIME,
           std::string("index ") + text + " is out of bounds for " + std::to_string(numel) + " elements");
    out[e] = (int64_t)v - 1;
  }
  return out;
}

// t(idx(e)) = value(e), or value's one element everywhere; takes over the
// reference to t.
Tensor *putValues(runmat_exec *x, Tensor *t, const Tensor *idx, const Tensor *value) {
  const int64_t count = idx->numel();
  if (value->numel() != 1 && value->numel() != count)
    fail(x, RM_ERR_RUNTIME, "unable to perform the assignment: the left side selects " + std::to_string(count) +
                                " elements and the right side has " + std::to_string(value->numel()) + " (" +
                                value->shapeText() + ")");
  std::vector<int64_t> at = linearIndexes(x, idx, t->numel());
  hostRead(x, value);
  Tensor *out = writable(x, t);
  hostRead(x, out);
  hostWrite(x, out);
  for (size_t e = 0; e < at.size(); ++e) setElement(out, at[e], value->get(value->numel() == 1 ? 0 : (int64_t)e));
  return out;
}

} // namespace

} // namespace runmat::rt

using namespace runmat;
using namespace runmat::rt;

namespace {

// The text of runmat_rt1_print's arguments in `format`.
std::string printedText(runmat_exec *x, int32_t format) {
  auto items = takeArguments(x);
  // Every tensor's values at once (one wait for all that the device holds).
  std::vector<const Tensor *> tensors;
  for (const auto &it : items)
    if (it.kind == runmat_exec::Item::Tensor) tensors.push_back(asTensor(it.tensor));
  std::vector<std::vector<double>> read = hostValues(x, tensors.data(), tensors.size());
  std::vector<double> values;
  size_t next = 0;
  for (const auto &it : items) {
    if (it.kind == runmat_exec::Item::Tensor) values.insert(values.end(), read[next].begin(), read[next].end()), ++next;
    else values.push_back(it.kind == runmat_exec::Item::F64 ? it.f : (double)it.i);
  }
  return formatPrintf(expandEnvDirectives(artifactString(x, format)), values);
}

} // namespace

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
  auto items = takeArguments(x);
  std::vector<int64_t> dims = ints(x, items, 0, items.size(), "alloc");
  return newTensor(x, dtype, (int)dims.size(), dims.data());
}

void runmat_rt1_retain(runmat_exec *, void *t) { asTensor(t)->refs++; }

void runmat_rt1_release(runmat_exec *x, void *t) { releaseTensor(x, asTensor(t)); }

int64_t runmat_rt1_dim(runmat_exec *, void *t, int32_t k) { return asTensor(t)->dim(k); }

void *runmat_rt1_reshape(runmat_exec *x, void *tp) {
  auto items = takeArguments(x);
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
  v->setColumnMajor(rank, dims.data());
  if (base != t) releaseTensor(x, base);
  return v;
}

void *runmat_rt1_resize(runmat_exec *x, void *tp) {
  auto items = takeArguments(x);
  std::vector<int64_t> dims = ints(x, items, 0, items.size(), "resize");
  Tensor *t = asTensor(tp);
  int rank = (int)dims.size();
  if (rank != t->rank) fail(x, RM_ERR_INTERNAL, "resize keeps the number of dimensions");
  int64_t n = 1;
  bool same = true;
  for (int k = 0; k < rank; ++k) {
    if (dims[k] < t->dims[k]) fail(x, RM_ERR_INTERNAL, "resize does not shrink");
    same &= dims[k] == t->dims[k];
    n *= dims[k];
  }
  if (same) return t;
  size_t es = dtypeSize(t->dtype);
  int64_t old = t->numel();
  // The old elements keep their column-major positions when every
  // dimension before the last one that is not 1 keeps its extent (a row or
  // a column that gets longer, a matrix that gets more columns).
  int last = -1;
  for (int k = 0; k < rank; ++k)
    if (t->dims[k] != 1) last = k;
  bool prefix = true;
  for (int k = 0; k < last; ++k) prefix &= dims[k] == t->dims[k];
  Storage *s = t->storage;
  if (prefix && t->refs == 1 && s->refs.load() == 1 && t->contiguous() && t->offset == 0 &&
      (size_t)n * es <= s->bytes) {
    // Room in its own storage: grow in place.
    hostRead(x, t);
    char *p = hostWrite(x, t);
    std::memset(p + (size_t)old * es, 0, (size_t)(n - old) * es);
    s->used = (size_t)n * es;
    t->setColumnMajor(rank, dims.data());
    return t;
  }
  Tensor *c = newTensor(x, t->dtype, rank, dims.data());
  // Room to grow the same way again without a copy (amortised doubling;
  // the storage has no memory before its first write).
  if (prefix) c->storage->bytes = std::max(c->storage->bytes, ((size_t)(2 * old) * es + 63) / 64 * 64);
  std::memset(hostWrite(x, c), 0, (size_t)n * es);
  if (old > 0) {
    Tensor *corner = newView(x, c);
    for (int k = 0; k < rank; ++k) corner->dims[k] = t->dims[k];
    std::string unused;
    x->devices->cpu().copy(x, t, corner, unused);
    releaseTensor(x, corner);
  }
  releaseTensor(x, t);
  return c;
}

void *runmat_rt1_transpose(runmat_exec *x, void *tp) {
  Tensor *t = asTensor(tp);
  Tensor *v = newView(x, t);
  std::swap(v->dims[0], v->dims[1]);
  std::swap(v->strides[0], v->strides[1]);
  return v;
}

void *runmat_rt1_slice(runmat_exec *x, void *tp, int32_t resultRank) {
  Tensor *v = sectionView(x, asTensor(tp), false);
  v->rank = resultRank;
  return v;
}

void *runmat_rt1_update(runmat_exec *x, void *tp, void *valuep) {
  Tensor *out = writable(x, asTensor(tp));
  Tensor *section = sectionView(x, out, true);
  Tensor *value = asTensor(valuep);
  if (value->numel() != 1 && value->numel() != section->numel()) {
    std::string msg = "unable to perform the assignment: the left side selects " + std::to_string(section->numel()) +
                      " elements and the right side has " + std::to_string(value->numel()) + " (" +
                      value->shapeText() + ")";
    releaseTensor(x, section);
    fail(x, RM_ERR_RUNTIME, msg);
  }
  writeSection(x, out, section, value);
  releaseTensor(x, section);
  return out;
}

void *runmat_rt1_update_scalar(runmat_exec *x, void *tp, double value) {
  Tensor *out = writable(x, asTensor(tp));
  Tensor *section = sectionView(x, out, true);
  if (section->numel() == 1 && out->storage->hostValid) {
    // One element of an array on the host (a scalar loop): write it.
    hostWrite(x, out);
    setElement(section, 0, value);
    releaseTensor(x, section);
    return out;
  }
  int64_t one[2] = {1, 1};
  Tensor *scalar = newTensor(x, out->dtype, 2, one);
  hostWrite(x, scalar);
  setElement(scalar, 0, value);
  writeSection(x, out, section, scalar);
  releaseTensor(x, scalar);
  releaseTensor(x, section);
  return out;
}

void *runmat_rt1_find(runmat_exec *x, void *tp, int64_t count) {
  Tensor *t = asTensor(tp);
  hostRead(x, t);
  int64_t dims[2] = {count, 1};
  Tensor *r = newTensor(x, RM_DOUBLE, 2, dims);
  hostWrite(x, r);
  int64_t found = 0;
  for (int64_t e = 0, n = t->numel(); e < n; ++e) {
    if (t->get(e) == 0) continue;
    if (found == count) break;
    setElement(r, found++, (double)(e + 1));
  }
  if (found != count) {
    releaseTensor(x, r);
    fail(x, RM_ERR_INTERNAL, "find: the count of nonzeros does not match");
  }
  return r;
}

void *runmat_rt1_take(runmat_exec *x, void *tp, void *idxp) {
  Tensor *t = asTensor(tp), *idx = asTensor(idxp);
  std::vector<int64_t> at = linearIndexes(x, idx, t->numel());
  hostRead(x, t);
  Tensor *r = newTensor(x, t->dtype, idx->rank, idx->dims);
  hostWrite(x, r);
  for (size_t e = 0; e < at.size(); ++e) setElement(r, (int64_t)e, t->get(at[e]));
  return r;
}

void *runmat_rt1_put(runmat_exec *x, void *tp, void *idxp, void *valuep) {
  return putValues(x, asTensor(tp), asTensor(idxp), asTensor(valuep));
}

void *runmat_rt1_put_scalar(runmat_exec *x, void *tp, void *idxp, double value) {
  Tensor *t = asTensor(tp);
  int64_t one[2] = {1, 1};
  Tensor *scalar = newTensor(x, t->dtype, 2, one);
  hostWrite(x, scalar);
  setElement(scalar, 0, value);
  Tensor *out = putValues(x, t, asTensor(idxp), scalar);
  releaseTensor(x, scalar);
  return out;
}

void *runmat_rt1_concat(runmat_exec *x, int32_t dim) {
  auto items = takeArguments(x);
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
  // Each part copied into its slot of the result: on the device when every
  // part is there only, else on the host.
  bool device = x->gpu != nullptr;
  for (const Tensor *p : parts) device = device && p->storage->deviceValid && !p->storage->hostValid;
  auto copyParts = [&](Backend &on, std::string &refusal) {
    if (!on.prepareWrite(x, out, refusal)) return false;
    int64_t at = 0;
    bool ok = true;
    for (const Tensor *p : parts) {
      Tensor *slot = newView(x, out);
      slot->offset += at * out->strides[dim - 1];
      slot->dims[dim - 1] = p->dim(dim - 1);
      ok = ok && on.copy(x, p, slot, refusal);
      releaseTensor(x, slot);
      at += p->dim(dim - 1);
    }
    return ok;
  };
  std::string refusal;
  if (device && copyParts(*x->gpu, refusal)) return out;
  copyParts(x->devices->cpu(), refusal);
  return out;
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
  auto items = takeArguments(x);
  std::vector<int64_t> dims = ints(x, items, 0, items.size(), "constant");
  Tensor *t = newTensor(x, dtype, (int)dims.size(), dims.data());
  std::memcpy(hostWrite(x, t), data, (size_t)t->numel() * dtypeSize(dtype));
  return t;
}

double runmat_rt1_read(runmat_exec *x, void *tp) {
  Tensor *t = asTensor(tp);
  if (t->numel() != 1)
    fail(x, RM_ERR_RUNTIME, "a " + t->shapeText() + " value is used where a scalar is needed");
  const Tensor *one = t;
  return hostValues(x, &one, 1)[0][0];
}

void runmat_rt1_residency(runmat_exec *x, void *tp, int32_t device) {
  Tensor *t = asTensor(tp);
  if (!device) {
    hostRead(x, t); // gather
    return;
  }
  // gpuArray: move it now, unless kernels run on the CPU anyway.
  if (x->policy == DevicePolicy::Cpu || !startGpu(x)) return;
  if (x->policy == DevicePolicy::Auto && x->gpu->device().info().type == "cpu" && !std::getenv("RUNMAT_COST_DEVICE"))
    return;
  std::string refusal;
  deviceRead(x, t, refusal);
}

void runmat_rt1_print(runmat_exec *x, int32_t format) { x->print(printedText(x, format)); }

void runmat_rt1_fail_format(runmat_exec *x, int32_t format) { fail(x, RM_ERR_RUNTIME, printedText(x, format)); }

// MATLAB's warning(format, args...): standard error, as Octave writes it.
void runmat_rt1_warn_format(runmat_exec *x, int32_t format) {
  std::string text = "warning: " + printedText(x, format) + "\n";
  std::fflush(stdout); // after what was printed before it
  std::fputs(text.c_str(), stderr);
}

static void displayTensor(runmat_exec *x, int32_t name, void *tensor, bool integerClass, double lowest) {
  const Tensor *t = asTensor(tensor);
  DisplayValue v;
  v.dtype = t->dtype;
  v.integerClass = integerClass;
  v.integerLowest = lowest;
  v.dims.assign(t->dims, t->dims + t->rank);
  v.data = std::move(hostValues(x, &t, 1)[0]);
  std::string n = name >= 0 ? artifactString(x, name) : "";
  x->print(formatDisplay(name >= 0 ? &n : nullptr, v));
}

void runmat_rt1_display(runmat_exec *x, int32_t name, void *tensor) { displayTensor(x, name, tensor, false, 0); }

void runmat_rt1_display_integer(runmat_exec *x, int32_t name, void *tensor, double lowest) {
  displayTensor(x, name, tensor, true, lowest);
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
