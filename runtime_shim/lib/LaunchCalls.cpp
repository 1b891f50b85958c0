// The runmat_rt1_* entry points that do a program's tensor work (runmat_abi.h):
// generated kernels and the library operations (matrix product, centered
// Gram product, QR), each placed and run through offload().
#include "HostCalls.h"

#include "LaterTransfers.h"
#include "Offload.h"

#include <algorithm>

using namespace runmat;
using namespace runmat::rt;

extern "C" {

void runmat_rt1_launch(runmat_exec *x, int32_t kernel) {
  const Manifest &m = x->artifact->manifest;
  if (kernel < 0 || (size_t)kernel >= m.kernels.size()) fail(x, RM_ERR_INTERNAL, "no kernel " + std::to_string(kernel));
  const KernelInfo &k = m.kernels[kernel];
  auto items = takeArguments(x);
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
  OffloadCall call{"kernel", &k.name, kernel};
  call.site = kernelSite(kernel);
  for (const Tensor *t : tensors) call.bytes += (double)t->numel() * (double)dtypeSize(t->dtype);
  offload(
      x, call, [&] { return placeKernel(x, k, tensors.data(), scalars.data(), space.data()); },
      [&](Backend &on, std::string &refusal) {
        return on.launchKernel(x, kernel, tensors.data(), scalars.data(), space.data(), refusal);
      });
  setResults(x, outputs);
}

void *runmat_rt1_matmul(runmat_exec *x, void *ap, void *bp, int32_t flags) {
  Tensor *a = asTensor(ap), *b = asTensor(bp);
  bool ta = flags & 1, tb = flags & 2;
  int64_t m = ta ? a->dims[1] : a->dims[0], k = ta ? a->dims[0] : a->dims[1];
  int64_t k2 = tb ? b->dims[1] : b->dims[0], n = tb ? b->dims[0] : b->dims[1];
  if (k != k2)
    fail(x, RM_ERR_RUNTIME, "inner dimensions of the matrix product do not agree (" + std::to_string(m) + "x" +
                                std::to_string(k) + " * " + std::to_string(k2) + "x" + std::to_string(n) + ")");
  const double es = (double)dtypeSize(a->dtype);
  Tensor *operands[2] = {a, b};
  OffloadCall call{"the matrix product", nullptr, -1, "matmul", es * (double)(a->numel() + b->numel() + m * n),
                   librarySite(SiteLibrary::Matmul)};
  Tensor *c = nullptr;
  offload(
      x, call,
      [&] {
        // The rate by shape: A' * A (symmetric), a product of a few columns, or a general one.
        const bool symmetric = a->storage == b->storage && a->offset == b->offset && ta != tb;
        const LibraryKind kind = symmetric ? LibraryKind::Gram : n <= 16 ? LibraryKind::Narrow : LibraryKind::Matmul;
        return placeLibrary(x, call.site, "the matrix product", kind, 2.0 * (double)m * (double)n * (double)k,
                            es * (double)(m * k + k * n + m * n), operands, 2, "");
      },
      [&](Backend &on, std::string &refusal) { return (c = on.matmul(x, a, b, ta, tb, refusal)) != nullptr; });
  return c;
}

void *runmat_rt1_gram(runmat_exec *x, void *ap, void *mup, double divisor) {
  Tensor *a = asTensor(ap), *mu = asTensor(mup);
  const int64_t m = a->dims[0], n = a->dims[1];
  if (mu->dims[0] != 1 || mu->dims[1] != n)
    fail(x, RM_ERR_RUNTIME, "the centered Gram product needs a 1x" + std::to_string(n) + " row of means, got " +
                                mu->shapeText());
  const double es = (double)dtypeSize(a->dtype);
  Tensor *operands[2] = {a, mu};
  OffloadCall call{"the centered Gram product", nullptr, -1, "gram", es * (double)(a->numel() + mu->numel() + n * n),
                   librarySite(SiteLibrary::Gram)};
  Tensor *c = nullptr;
  offload(
      x, call,
      [&] {
        // As A' * A counts it (the Gram rate's convention: 2 m n^2).
        return placeLibrary(x, call.site, "the centered Gram product", LibraryKind::Gram, 2.0 * (double)m * (double)n * (double)n,
                            es * (double)(m * n + n + n * n), operands, 2, "");
      },
      [&](Backend &on, std::string &refusal) { return (c = on.gram(x, a, mu, divisor, refusal)) != nullptr; });
  return c;
}

void runmat_rt1_qr(runmat_exec *x, void *ap) {
  Tensor *a = asTensor(ap);
  const int64_t m = a->dims[0], n = a->dims[1], k = std::min(m, n);
  const double es = (double)dtypeSize(a->dtype);
  const std::string shapeRefusal = m < n    ? "the device QR needs at least as many rows as columns"
                                   : n > 64 ? "the device QR handles at most 64 columns"
                                   : n == 0 ? "an empty matrix"
                                            : "";
  OffloadCall call{"qr", nullptr, -1, "qr", es * (double)(2 * a->numel() + k * n), librarySite(SiteLibrary::Qr)};
  Tensor *Q = nullptr, *R = nullptr;
  offload(
      x, call,
      [&] {
        return placeLibrary(x, call.site, "qr", LibraryKind::Qr, 4.0 * (double)m * (double)n * (double)n,
                            es * (double)(2 * m * n + n * n), &a, 1, shapeRefusal);
      },
      [&](Backend &on, std::string &refusal) { return on.qr(x, a, Q, R, refusal); });
  setResults(x, {Q, R});
}

} // extern "C"
