// The library operations on the CPU: matrix products through BLAS (the
// symmetric rank-k update for A' * A), the centered Gram product in blocks of
// rows, economy QR through LAPACK, and strided copies.
#include "CpuBackend.h"

#include "Blas.h"
#include "Exec.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace runmat::rt {

namespace {

// Walks both views in column-major element order (the source's shape).
template <typename T> void copyStrided(const Tensor *src, Tensor *dst) {
  const int64_t n = src->numel();
  int64_t idx[RUNMAT_MAX_RANK] = {0};
  const T *in = reinterpret_cast<const T *>(src->base());
  T *out = reinterpret_cast<T *>(dst->base());
  int64_t from = 0, to = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[to] = in[from];
    for (int k = 0; k < src->rank; ++k) {
      const int64_t dstStride = k < dst->rank ? dst->strides[k] : 0;
      from += src->strides[k];
      to += dstStride;
      if (++idx[k] < src->dims[k]) break;
      from -= src->strides[k] * src->dims[k];
      to -= dstStride * src->dims[k];
      idx[k] = 0;
    }
  }
}

} // namespace

void cpuCopy(runmat_exec *x, const Tensor *src, Tensor *dst) {
  hostRead(x, src);
  hostWrite(x, dst);
  switch (dtypeSize(src->dtype)) {
  case 8: copyStrided<uint64_t>(src, dst); break;
  case 4: copyStrided<uint32_t>(src, dst); break;
  default: copyStrided<uint8_t>(src, dst); break;
  }
}

Tensor *cpuMatmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb) {
  int64_t m = ta ? a->dims[1] : a->dims[0], k = ta ? a->dims[0] : a->dims[1];
  int64_t n = tb ? b->dims[0] : b->dims[1];
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
  if (ownA) releaseTensor(x, ownA);
  if (ownB) releaseTensor(x, ownB);
  x->launches++;
  return c;
}

Tensor *cpuGram(runmat_exec *x, Tensor *a, Tensor *mu, double divisor) {
  const int64_t m = a->dims[0], n = a->dims[1];
  int64_t cd[2] = {n, n};
  Tensor *c = newTensor(x, a->dtype, 2, cd);
  hostWrite(x, c);
  if (n == 0) return c;
  hostRead(x, a);
  hostRead(x, mu);
  if (const char *e = Blas::load()) fail(x, RM_ERR_UNSUPPORTED, std::string("centered Gram product: ") + e);
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
  x->launches++;
  return c;
}

void cpuQr(runmat_exec *x, Tensor *a, Tensor *&Q, Tensor *&R) {
  int64_t m = a->dims[0], n = a->dims[1], k = std::min(m, n);
  if (const char *e = Blas::load()) fail(x, RM_ERR_UNSUPPORTED, std::string("qr: ") + e);
  hostRead(x, a);
  Tensor *work = contiguousCopy(x, a); // becomes Q
  hostRead(x, work);
  int64_t rd[2] = {k, n};
  R = newTensor(x, a->dtype, 2, rd);
  hostWrite(x, R);
  hostWrite(x, work); // LAPACK overwrites it
  int info = m && n ? Blas::qrEcon(a->dtype == RM_SINGLE, m, n, work->base(), std::max<int64_t>(1, m), R->base()) : 0;
  if (info == -1000) fail(x, RM_ERR_UNSUPPORTED, "qr: no LAPACK library found (liblapacke.so.3 or OpenBLAS)");
  if (info != 0) fail(x, RM_ERR_RUNTIME, "qr: LAPACK reported error " + std::to_string(info));
  // Q is the first k columns of the factored matrix.
  Q = newView(x, work);
  Q->dims[1] = k;
  releaseTensor(x, work);
  x->launches++;
}

} // namespace runmat::rt
