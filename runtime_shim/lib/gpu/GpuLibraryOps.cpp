// Library operations on the GPU: the tiled matrix product (symmetric for
// A' * A, split over K when too few tiles would keep the device busy), the
// one-workgroup Householder QR, and strided copies.
#include "GpuExec.h"
#include "GpuLibraryDispatch.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace runmat::rt {

namespace {

constexpr int64_t kIndexLimit = INT32_MAX;
// matmul_narrow.comp: products of at most this many columns, this many rows
// of C per workgroup.
constexpr int64_t kNarrowColumns = 16;
// qr.comp keeps matrices of up to this many elements in shared memory.
constexpr int64_t kQrSharedFloats = 8192, kQrSharedDoubles = 2048;

bool floatType(runmat_exec *x, int dtype, std::string &refusal) {
  if (dtype == RM_DOUBLE && !x->gpu->device().info().float64) {
    refusal = "double precision and " + x->gpu->device().info().name + " has no shaderFloat64";
    return false;
  }
  if (dtype != RM_DOUBLE && dtype != RM_SINGLE) {
    refusal = "not a floating-point matrix";
    return false;
  }
  return true;
}

bool fitsIndex(const Tensor *t, std::string &refusal) {
  if (t->numel() > kIndexLimit) return refusal = "a tensor of more than 2^31 elements", false;
  for (int k = 0; k < t->rank; ++k)
    if (t->strides[k] < 0 || t->strides[k] > kIndexLimit) return refusal = "a view with negative or huge strides", false;
  return true;
}

// Lowest element offset a view touches (below element 0 when strides are negative).
int64_t lowestOffset(const Tensor *t) {
  int64_t low = t->offset;
  for (int k = 0; k < t->rank; ++k)
    if (t->strides[k] < 0 && t->dims[k] > 0) low += (t->dims[k] - 1) * t->strides[k];
  return low;
}

} // namespace

bool dispatch(runmat_exec *x, VkPipeline p, const std::vector<uint32_t> &w, uint32_t gx, uint32_t gy, uint32_t gz,
              int tag, std::string &refusal) {
  GpuStream &s = x->gpu->stream();
  if (s.dispatch(p, w.data(), w.size(), gx, gy, gz, tag)) return true;
  if (s.device().lost()) gpuLost(x, s.error());
  refusal = s.error();
  return false;
}

bool dispatchSplitKSum(runmat_exec *x, VkPipeline sum, const GpuBuffer *partial, Tensor *c, int64_t elements,
                       int64_t slices, int tag, std::string &refusal) {
  std::vector<uint32_t> w(6, 0);
  putAddress(w, 0, partial->address);
  putAddress(w, 2, deviceAddress(c));
  w[4] = (uint32_t)elements, w[5] = (uint32_t)slices;
  const uint32_t groups = (uint32_t)std::min<int64_t>(
      {(elements + 255) / 256, x->gpu->device().limits().maxComputeWorkGroupCount[0], 65535});
  x->launches++;
  return dispatch(x, sum, w, groups, 1, 1, tag, refusal);
}

// The slices fill whole waves where they can: tiles * S workgroups, two
// resident per compute unit, the last wave as full as the others (on the
// H100 the Gram product's 36 tiles took 11.0 ms split 15 ways, 2.05 waves,
// and 8.6 ms split 22 ways, 3 waves).
int64_t splitKSlices(int64_t tiles, int64_t M, int64_t N, int64_t K, uint32_t computeUnits) {
  const int64_t units = (int64_t)computeUnits, target = 4 * units;
  int64_t S = 1;
  if (tiles < target && K >= 512 && 2.0 * (double)M * (double)N * (double)K >= 1e9) {
    const int64_t lowest = (target + tiles - 1) / tiles, highest = std::min<int64_t>({2 * lowest, K / 256, 64});
    S = std::min<int64_t>(lowest, highest);
    double best = 0;
    for (int64_t s = S; s <= highest; ++s) {
      const int64_t groups = tiles * s, slots = 2 * units, waves = (groups + slots - 1) / slots;
      const double full = (double)groups / (double)(waves * slots);
      if (full > best + 1e-9) best = full, S = s;
    }
  }
  return std::max<int64_t>(1, std::min<int64_t>(S, kIndexLimit / (M * N)));
}

bool gpuCopy(runmat_exec *x, const Tensor *src, Tensor *dst, std::string &refusal) {
  int64_t n = src->numel();
  if (n != dst->numel() || src->dtype != dst->dtype) return refusal = "copy between different shapes", false;
  if (n == 0) return true;
  if (n > kIndexLimit || src->rank > 8 || dst->rank > 8) return refusal = "a tensor of more than 2^31 elements", false;
  size_t es = dtypeSize(src->dtype);
  LibraryShader shader = es == 1 ? LibraryShader::Copy1 : es == 4 ? LibraryShader::Copy4 : LibraryShader::Copy8;
  if (es == 1 && !x->gpu->device().info().int8) return refusal = "no 8-bit storage on the device", false;
  VkPipeline p = x->gpu->library(shader, {}, refusal);
  if (!p) return false;
  if (!deviceRead(x, src, refusal)) return false;
  if (!dst->storage->device) return refusal = "internal: copy into a tensor without device memory", false;
  std::vector<uint32_t> w(32, 0);
  int64_t srcLow = lowestOffset(src), dstLow = lowestOffset(dst);
  putAddress(w, 0, static_cast<const GpuBuffer *>(src->storage->device)->address + (uint64_t)(srcLow * (int64_t)es));
  putAddress(w, 2, static_cast<const GpuBuffer *>(dst->storage->device)->address + (uint64_t)(dstLow * (int64_t)es));
  // The source's shape drives the walk; the destination's strides follow its
  // own dims (equal element order, column-major).
  int rank = std::max(src->rank, dst->rank);
  w[4] = (uint32_t)rank;
  for (int k = 0; k < rank; ++k) {
    w[(size_t)(5 + k)] = (uint32_t)src->dim(k);
    w[(size_t)(13 + k)] = (uint32_t)(k < src->rank ? src->strides[k] : 0);
    w[(size_t)(21 + k)] = (uint32_t)(k < dst->rank ? dst->strides[k] : 0);
  }
  w[29] = (uint32_t)n;
  w[30] = (uint32_t)(src->offset - srcLow);
  w[31] = (uint32_t)(dst->offset - dstLow);
  GpuDevice &d = x->gpu->device();
  uint32_t groups = (uint32_t)std::min<int64_t>({(n + 255) / 256, d.limits().maxComputeWorkGroupCount[0], 65535});
  x->launches++;
  return dispatch(x, p, w, groups, 1, 1, x->gpu->tagLibrary("copy"), refusal);
}

Tensor *gpuMatmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb, std::string &refusal, Tensor *center,
                  double divisor) {
  if (!floatType(x, a->dtype, refusal) || !fitsIndex(a, refusal) || !fitsIndex(b, refusal)) return nullptr;
  if (center && (!fitsIndex(center, refusal) || !deviceRead(x, center, refusal))) return nullptr;
  GpuBackend &g = *x->gpu;
  GpuDevice &d = g.device();
  const int64_t M = ta ? a->dims[1] : a->dims[0], K = ta ? a->dims[0] : a->dims[1];
  const int64_t N = tb ? b->dims[0] : b->dims[1];
  const int64_t sai = ta ? a->strides[1] : a->strides[0], sak = ta ? a->strides[0] : a->strides[1];
  const int64_t sbk = tb ? b->strides[1] : b->strides[0], sbj = tb ? b->strides[0] : b->strides[1];
  if (M * N > kIndexLimit) return refusal = "a product of more than 2^31 elements", nullptr;
  // A' * A: the same view on both sides, one transposed.
  bool symmetric = a->storage == b->storage && a->offset == b->offset && ta && !tb && sai == sbj && sak == sbk;
  if (center && !symmetric) return refusal = "internal: a centered product that is not A' * A", nullptr;
  // Tile shape by the product's shape (specialization constants TM, TN, BK).
  uint32_t TM = 4, TN = 4, BK = 16;
  if (M >= 128 && N >= 128) TM = TN = 8, BK = 8;
  else if (N <= 32) TM = 8, TN = 1;
  else if (M <= 32) TM = 1, TN = 8;
  bool f64 = a->dtype == RM_DOUBLE;
  // A narrow product (a power step's G * Q) has a kernel of its own: many
  // rows' workgroups instead of M / 128 that each walk all of K.
  // Rows per workgroup: 16, halved down to 4 while that leaves fewer than
  // two workgroups per compute unit (pca's 1024-row G * Q on the H100: 16
  // products took 0.36 ms at 16 rows, 0.22 at 8, 0.15 at 4).
  int64_t narrowRows = 16;
  while (narrowRows > 4 && (M + narrowRows - 1) / narrowRows < 2 * (int64_t)d.computeUnits()) narrowRows /= 2;
  const uint32_t narrowUnroll = 8;
  const int64_t narrowGroups = (M + narrowRows - 1) / narrowRows;
  const bool narrow = N <= kNarrowColumns && !symmetric && !center && narrowGroups <= 65535;
  // A large single-precision A' * A runs on tensor cores where there are some.
  const bool split16 = symmetric && !f64 && gramSplit16Applies(d, M, K);
  auto tiled = [&] {
    return g.library(f64 ? LibraryShader::MatmulF64 : LibraryShader::MatmulF32, {TM, TN, BK, center ? 1u : 0u},
                     refusal);
  };
  VkPipeline mm = split16  ? VK_NULL_HANDLE
                  : narrow ? g.library(f64 ? LibraryShader::MatmulNarrowF64 : LibraryShader::MatmulNarrowF32,
                                       {(uint32_t)N, (uint32_t)narrowRows, narrowUnroll}, refusal)
                           : tiled();
  if (!mm && !split16) return nullptr;
  int64_t cd[2] = {M, N};
  Tensor *c = newTensor(x, a->dtype, 2, cd);
  if (!deviceRead(x, a, refusal) || !deviceRead(x, b, refusal) || !deviceWrite(x, c, refusal)) {
    releaseTensor(x, c);
    return nullptr;
  }
  if (M == 0 || N == 0) return c;
  if (split16) {
    bool unavailable = false;
    if (gramSplit16(x, GramOperand{a, M, K, sai, sak}, center, divisor, c, refusal, unavailable)) return c;
    // A driver that refuses the tensor-core kernel gets the tiled one.
    mm = unavailable ? tiled() : VK_NULL_HANDLE;
    if (!mm) {
      releaseTensor(x, c);
      return nullptr;
    }
  }
  size_t es = dtypeSize(a->dtype);
  const char *op = center ? "gram" : "matmul";
  int tag = g.tagLibrary(op);
  x->launches++;
  if (K == 0) {
    if (!g.stream().fill(static_cast<GpuBuffer *>(c->storage->device), 0, (size_t)(M * N) * es, 0)) {
      if (d.lost()) gpuLost(x, g.stream().error());
      refusal = g.stream().error();
      releaseTensor(x, c);
      return nullptr;
    }
    return c;
  }
  // The argument words both kernels read (matmul.comp gives the layout).
  std::vector<uint32_t> w(21, 0);
  putAddress(w, 0, deviceAddress(a));
  putAddress(w, 2, deviceAddress(b));
  putAddress(w, 4, deviceAddress(c));
  w[6] = (uint32_t)M, w[7] = (uint32_t)N, w[8] = (uint32_t)K;
  w[9] = (uint32_t)sai, w[10] = (uint32_t)sak, w[11] = (uint32_t)sbk, w[12] = (uint32_t)sbj, w[13] = (uint32_t)M;
  if (narrow) {
    x->telemetry.noteSchedule(op, scheduleKey({0, (uint64_t)N, (uint64_t)narrowGroups, (uint64_t)narrowRows}), [&] {
      return "narrow kernel: " + std::to_string(N) + (N == 1 ? " column, " : " columns, ") +
             std::to_string(narrowGroups) + " workgroups of " + std::to_string(narrowRows) + " rows x " +
             std::to_string(256 / narrowRows) + " lanes of K";
    });
    if (!dispatch(x, mm, w, (uint32_t)narrowGroups, 1, 1, tag, refusal)) {
      releaseTensor(x, c);
      return nullptr;
    }
    return c;
  }
  int64_t tilesM = (M + 16 * TM - 1) / (16 * TM), tilesN = (N + 16 * TN - 1) / (16 * TN);
  int64_t tiles = symmetric ? tilesM * (tilesM + 1) / 2 : tilesM * tilesN;
  int64_t S = splitKSlices(tiles, M, N, K, d.computeUnits());
  int64_t kSlice = ((K + S - 1) / S + BK - 1) / BK * BK;
  S = (K + kSlice - 1) / kSlice;
  GpuBuffer *scratch = nullptr;
  VkPipeline sum = VK_NULL_HANDLE;
  if (S > 1) {
    sum = g.library(f64 ? LibraryShader::SplitKSumF64 : LibraryShader::SplitKSumF32, {}, refusal);
    scratch = sum ? g.stream().allocate((size_t)(S * M * N) * es) : nullptr;
    if (!scratch) {
      if (sum) refusal = g.stream().error();
      releaseTensor(x, c);
      return nullptr;
    }
  }
  if (scratch) putAddress(w, 4, scratch->address);
  w[14] = symmetric ? 1u : 0u, w[15] = (uint32_t)kSlice;
  // The center's elements are one per column of A: its stride along them.
  if (center) putAddress(w, 16, deviceAddress(center)), w[18] = (uint32_t)center->strides[1];
  if (f64) {
    uint64_t bits;
    std::memcpy(&bits, &divisor, 8);
    w[19] = (uint32_t)bits, w[20] = (uint32_t)(bits >> 32);
  } else {
    float d32 = (float)divisor;
    std::memcpy(&w[19], &d32, 4);
  }
  x->telemetry.noteSchedule(op, scheduleKey({1, TM, TN, BK, (uint64_t)tiles, symmetric, (uint64_t)S}), [&] {
    return "tiled kernel: " + std::to_string(16 * TM) + " x " + std::to_string(16 * TN) + " tiles of depth " +
           std::to_string(BK) + ", " + std::to_string(tiles) + (tiles == 1 ? " tile" : " tiles") +
           (symmetric ? " on or above the diagonal" : "") + (S > 1 ? ", K split " + std::to_string(S) + " ways" : "");
  });
  bool ok = dispatch(x, mm, w, (uint32_t)tilesM, (uint32_t)tilesN, (uint32_t)S, tag, refusal);
  if (ok && scratch) ok = dispatchSplitKSum(x, sum, scratch, c, M * N, S, tag, refusal);
  g.stream().release(scratch);
  if (!ok) {
    releaseTensor(x, c);
    return nullptr;
  }
  return c;
}

bool gpuQr(runmat_exec *x, Tensor *a, Tensor *&Q, Tensor *&R, std::string &refusal) {
  if (!floatType(x, a->dtype, refusal) || !fitsIndex(a, refusal)) return false;
  int64_t m = a->dims[0], n = a->dims[1];
  if (m < n) return refusal = "the device QR needs at least as many rows as columns", false;
  if (n > 64) return refusal = "the device QR handles at most 64 columns", false;
  if (n == 0) return refusal = "an empty matrix", false;
  bool f64 = a->dtype == RM_DOUBLE;
  // As many invocations as the device allows, up to 1024: each step's work
  // is a few rows per invocation, so more of them shorten every step.
  const VkPhysicalDeviceLimits &lim = x->gpu->device().limits();
  uint32_t wg = std::min({1024u, lim.maxComputeWorkGroupInvocations, lim.maxComputeWorkGroupSize[0]});
  VkPipeline p = x->gpu->library(f64 ? LibraryShader::QrF64 : LibraryShader::QrF32, {(uint32_t)n, wg}, refusal);
  if (!p) return false;
  int64_t qd[2] = {m, n}, rd[2] = {n, n};
  Q = newTensor(x, a->dtype, 2, qd);
  R = newTensor(x, a->dtype, 2, rd);
  if (!deviceRead(x, a, refusal) || !deviceWrite(x, Q, refusal) || !deviceWrite(x, R, refusal)) {
    releaseTensor(x, Q);
    releaseTensor(x, R);
    return false;
  }
  std::vector<uint32_t> w(10, 0);
  putAddress(w, 0, deviceAddress(a));
  putAddress(w, 2, deviceAddress(Q));
  putAddress(w, 4, deviceAddress(R));
  w[6] = (uint32_t)m, w[7] = (uint32_t)n, w[8] = (uint32_t)a->strides[0], w[9] = (uint32_t)a->strides[1];
  x->launches++;
  const bool shared = m * n <= (f64 ? kQrSharedDoubles : kQrSharedFloats);
  x->telemetry.noteSchedule("qr", scheduleKey({wg, shared}), [&] {
    return "one workgroup of " + std::to_string(wg) + " invocations, the matrix in " + (shared ? "shared" : "device") +
           " memory";
  });
  if (!dispatch(x, p, w, 1, 1, 1, x->gpu->tagLibrary("qr"), refusal)) {
    releaseTensor(x, Q);
    releaseTensor(x, R);
    return false;
  }
  return true;
}

} // namespace runmat::rt
