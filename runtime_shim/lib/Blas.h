// Matrix products and economy QR through OpenBLAS/LAPACKE, loaded lazily with
// dlopen the first time a program needs them: runs that need no BLAS (or run
// their linear algebra on the GPU) load none.
#pragma once

#include <cstdint>
#include <string>

namespace runmat::rt {

struct Blas {
  // Returns nullptr when loaded, else a message naming what is missing.
  static const char *load();
  // A LAPACK routine by its Fortran name (dgesv_), or nullptr.
  static void *lapackSymbol(const char *name);

  // C = op(A) * op(B), column-major with leading dimensions.
  static void gemm(bool single, bool transA, bool transB, int64_t m, int64_t n, int64_t k, const void *a, int64_t lda,
                   const void *b, int64_t ldb, void *c, int64_t ldc);
  // Upper triangle of C = A' * A (A is k x n), or C += A' * A when
  // accumulating: the symmetric rank-k product.
  static void syrkTransposed(bool single, int64_t n, int64_t k, const void *a, int64_t lda, void *c, int64_t ldc,
                             bool accumulate = false);
  // In-place QR of an m x n column-major matrix: geqrf then orgqr for Q's
  // first k = min(m, n) columns. r receives R (k x n, leading dim k). Returns
  // a LAPACK info code (0 on success).
  static int qrEcon(bool single, int64_t m, int64_t n, void *a, int64_t lda, void *r);
};

} // namespace runmat::rt
