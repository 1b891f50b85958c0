// CPU kernels: the iteration space is split into boxes along one dimension
// and the boxes run on the thread pool. Reductions accumulate in double, per
// box when boxes share outputs, and are combined before the finish function
// writes the outputs.
#include "CpuBackend.h"
#include "Exec.h"

#include <cmath>
#include <vector>

namespace runmat::rt {

namespace {

double identity(Combiner c) {
  switch (c) {
  case Combiner::Sum: return 0.0;
  case Combiner::Prod: return 1.0;
  default: return NAN; // max/min ignore NaN, so NaN is their identity
  }
}

double combine(Combiner c, double a, double b) {
  switch (c) {
  case Combiner::Sum: return a + b;
  case Combiner::Prod: return a * b;
  case Combiner::Max: return std::isnan(a) ? b : std::isnan(b) ? a : std::max(a, b);
  case Combiner::Min: return std::isnan(a) ? b : std::isnan(b) ? a : std::min(a, b);
  }
  return a;
}

std::string spaceText(const int64_t *space, int rank) {
  std::string s;
  for (int p = 0; p < rank; ++p) s += (p ? "x" : "") + std::to_string(space[p]);
  return s;
}

} // namespace

KernelBinding bindKernel(runmat_exec *x, const KernelInfo &k, Tensor *const *tensors, const int64_t *space) {
  int rank = k.rank, nt = (int)k.tensors.size();
  std::vector<bool> reduced(rank, false);
  for (int p : k.reduce) reduced[p] = true;
  KernelBinding b;
  b.offsets.resize(nt);
  b.strides.assign((size_t)nt * rank, 0);
  for (int t = 0; t < nt; ++t) {
    const Tensor *T = tensors[t];
    const KernelTensor &kt = k.tensors[t];
    b.offsets[t] = T->offset;
    if (T->dtype != kt.dtype)
      fail(x, RM_ERR_INTERNAL, "kernel " + k.name + ": tensor " + std::to_string(t) + " is " + dtypeName(T->dtype) +
                                   ", expected " + dtypeName(kt.dtype));
    if (!kt.output) {
      // Each input dimension follows an iteration dimension; extents of 1 expand.
      for (int j = 0; j < T->rank; ++j) {
        int p = j < (int)kt.map.size() ? kt.map[j] : -1;
        if (T->dims[j] == 1) continue;
        if (p < 0 || T->dims[j] != space[p])
          fail(x, RM_ERR_RUNTIME, "kernel " + k.name + ": an operand of size " + T->shapeText() +
                                      " does not fit the iteration space " + spaceText(space, rank));
        b.strides[(size_t)t * rank + p] += T->strides[j];
      }
    } else {
      for (int p = 0; p < rank; ++p) {
        int64_t want = reduced[p] ? 1 : space[p];
        if (T->dim(p) != want)
          fail(x, RM_ERR_INTERNAL, "kernel " + k.name + ": the output of size " + T->shapeText() +
                                       " does not fit the iteration space " + spaceText(space, rank));
        b.strides[(size_t)t * rank + p] = (!reduced[p] && p < T->rank) ? T->strides[p] : 0;
      }
    }
  }
  return b;
}

void launchCpu(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars, const int64_t *space) {
  const KernelInfo &k = x->artifact->manifest.kernels.at((size_t)id);
  const runmat_artifact_desc *d = x->artifact->desc;
  int rank = k.rank, nt = (int)k.tensors.size();
  std::vector<bool> reduced(rank, false);
  for (int p : k.reduce) reduced[p] = true;
  KernelBinding binding = bindKernel(x, k, tensors, space);
  std::vector<void *> data(nt);
  for (int t = 0; t < nt; ++t) data[t] = tensors[t]->storage->data;
  const int64_t *offsets = binding.offsets.data();
  const int64_t *strides = binding.strides.data();
  runmat_kernel_args args{data.data(), offsets, strides, space, scalars};
  x->launches++;

  int64_t total = 1;
  for (int p = 0; p < rank; ++p) total *= space[p];
  unsigned threads = x->pool->size();
  if (x->maxThreads) threads = std::min(threads, x->maxThreads);
  const CpuSplit cut = cpuSplit(k, space, threads, k.workAt(scalars));
  const int split = cut.dim;
  const int64_t chunks = cut.tasks;
  auto boxOf = [&](int64_t c, std::vector<int64_t> &lo, std::vector<int64_t> &hi) {
    lo.assign(rank, 0);
    hi.assign(space, space + rank);
    if (rank == 0) return;
    lo[split] = space[split] * c / chunks;
    hi[split] = space[split] * (c + 1) / chunks;
  };
  runmat_box_fn box = d->kernel_box[id];

  if (!k.isReduce()) {
    if (total == 0) return;
    // A column-local kernel keeps per-point values of a group in scratch.
    size_t scratch = 1;
    for (int p : k.group) scratch *= (size_t)space[p];
    scratch *= (size_t)k.groupSlots;
    x->pool->parallelFor(chunks, [&](int64_t c) {
      std::vector<int64_t> lo, hi;
      boxOf(c, lo, hi);
      std::vector<double> slots(k.isGrouped() ? scratch : 0);
      box(&args, lo.data(), hi.data(), slots.empty() ? nullptr : slots.data());
    });
    return;
  }

  int nacc = k.numOutputs();
  int64_t outCount = 1;
  for (int p = 0; p < rank; ++p)
    if (!reduced[p]) outCount *= space[p];
  size_t accSize = (size_t)(outCount * nacc);
  bool privateAcc = chunks > 1 && reduced[split];
  std::vector<std::vector<double>> accs(privateAcc ? (size_t)chunks : 1, std::vector<double>(accSize));
  for (auto &acc : accs)
    for (size_t i = 0; i < accSize; ++i) acc[i] = identity(k.combiners[i % nacc]);
  if (total > 0)
    x->pool->parallelFor(chunks, [&](int64_t c) {
      std::vector<int64_t> lo, hi;
      boxOf(c, lo, hi);
      box(&args, lo.data(), hi.data(), accs[privateAcc ? (size_t)c : 0].data());
    });
  for (size_t c = 1; c < accs.size(); ++c)
    for (size_t i = 0; i < accSize; ++i) accs[0][i] = combine(k.combiners[i % nacc], accs[0][i], accs[c][i]);
  int64_t finishChunks = std::max<int64_t>(1, std::min<int64_t>(threads, outCount / kCpuGrain));
  runmat_finish_fn finish = d->kernel_finish[id];
  x->pool->parallelFor(finishChunks, [&](int64_t c) {
    finish(&args, outCount * c / finishChunks, outCount * (c + 1) / finishChunks, accs[0].data());
  });
}

} // namespace runmat::rt
