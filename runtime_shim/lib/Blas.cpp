#include "Blas.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

namespace runmat::rt {

namespace {

enum { ColMajor = 102, NoTrans = 111, Trans = 112, Upper = 121 };

using sgemm_t = void (*)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *,
                         int);
using dgemm_t = void (*)(int, int, int, int, int, int, double, const double *, int, const double *, int, double,
                         double *, int);
using ssyrk_t = void (*)(int, int, int, int, int, float, const float *, int, float, float *, int);
using dsyrk_t = void (*)(int, int, int, int, int, double, const double *, int, double, double *, int);
using lapacke_geqrf_t = int (*)(int, int, int, void *, int, void *);
using lapacke_orgqr_t = int (*)(int, int, int, int, void *, int, const void *);
using fortran_geqrf_t = void (*)(const int *, const int *, void *, const int *, void *, void *, const int *, int *);
using fortran_orgqr_t = void (*)(const int *, const int *, const int *, void *, const int *, const void *, void *,
                                 const int *, int *);

struct Symbols {
  sgemm_t sgemm = nullptr;
  dgemm_t dgemm = nullptr;
  ssyrk_t ssyrk = nullptr;
  dsyrk_t dsyrk = nullptr;
  lapacke_geqrf_t lapackeGeqrf[2] = {nullptr, nullptr}; // [double, single]
  lapacke_orgqr_t lapackeOrgqr[2] = {nullptr, nullptr};
  fortran_geqrf_t fortranGeqrf[2] = {nullptr, nullptr};
  fortran_orgqr_t fortranOrgqr[2] = {nullptr, nullptr};
  void *lapack = nullptr; // the library with LAPACK's Fortran symbols
  std::string error;
};

void *openFirst(const char *envVar, std::initializer_list<const char *> names) {
  if (const char *p = std::getenv(envVar))
    if (void *h = dlopen(p, RTLD_NOW | RTLD_LOCAL)) return h;
  for (const char *n : names)
    if (void *h = dlopen(n, RTLD_NOW | RTLD_LOCAL)) return h;
  return nullptr;
}

Symbols &symbols() {
  static Symbols s;
  static std::once_flag once;
  std::call_once(once, [] {
    void *blas = openFirst("RUNMAT_BLAS", {"libopenblas.so.0", "libopenblas.so", "libblas.so.3"});
    if (!blas) {
      s.error = "no BLAS library found (tried $RUNMAT_BLAS, libopenblas.so.0, libblas.so.3); install "
                "libopenblas0 or set RUNMAT_BLAS";
      return;
    }
    s.sgemm = (sgemm_t)dlsym(blas, "cblas_sgemm");
    s.dgemm = (dgemm_t)dlsym(blas, "cblas_dgemm");
    s.ssyrk = (ssyrk_t)dlsym(blas, "cblas_ssyrk");
    s.dsyrk = (dsyrk_t)dlsym(blas, "cblas_dsyrk");
    if (!s.sgemm || !s.dgemm || !s.ssyrk || !s.dsyrk) {
      s.error = "the BLAS library has no CBLAS interface (cblas_sgemm)";
      return;
    }
    if (void *lapacke = openFirst("RUNMAT_LAPACKE", {"liblapacke.so.3", "liblapacke.so"})) {
      s.lapackeGeqrf[0] = (lapacke_geqrf_t)dlsym(lapacke, "LAPACKE_dgeqrf");
      s.lapackeGeqrf[1] = (lapacke_geqrf_t)dlsym(lapacke, "LAPACKE_sgeqrf");
      s.lapackeOrgqr[0] = (lapacke_orgqr_t)dlsym(lapacke, "LAPACKE_dorgqr");
      s.lapackeOrgqr[1] = (lapacke_orgqr_t)dlsym(lapacke, "LAPACKE_sorgqr");
    }
    // Without LAPACKE, OpenBLAS's own LAPACK (Fortran interface) does the same work.
    void *lapack = blas;
    if (!dlsym(lapack, "sgeqrf_")) lapack = openFirst("RUNMAT_LAPACK", {"liblapack.so.3"});
    s.lapack = lapack;
    if (lapack) {
      s.fortranGeqrf[0] = (fortran_geqrf_t)dlsym(lapack, "dgeqrf_");
      s.fortranGeqrf[1] = (fortran_geqrf_t)dlsym(lapack, "sgeqrf_");
      s.fortranOrgqr[0] = (fortran_orgqr_t)dlsym(lapack, "dorgqr_");
      s.fortranOrgqr[1] = (fortran_orgqr_t)dlsym(lapack, "sorgqr_");
    }
  });
  return s;
}

// A LAPACK workspace query answers in the first element of `work`.
int workspaceSize(const double *work, bool single) {
  if (!single) return (int)work[0];
  float f;
  std::memcpy(&f, work, sizeof f);
  return (int)f;
}

} // namespace

const char *Blas::load() {
  Symbols &s = symbols();
  return s.error.empty() ? nullptr : s.error.c_str();
}

void *Blas::lapackSymbol(const char *name) {
  Symbols &s = symbols();
  return s.lapack ? dlsym(s.lapack, name) : nullptr;
}

void Blas::gemm(bool single, bool transA, bool transB, int64_t m, int64_t n, int64_t k, const void *a, int64_t lda,
                const void *b, int64_t ldb, void *c, int64_t ldc) {
  Symbols &s = symbols();
  int ta = transA ? Trans : NoTrans, tb = transB ? Trans : NoTrans;
  if (single)
    s.sgemm(ColMajor, ta, tb, (int)m, (int)n, (int)k, 1.0f, (const float *)a, (int)lda, (const float *)b, (int)ldb,
            0.0f, (float *)c, (int)ldc);
  else
    s.dgemm(ColMajor, ta, tb, (int)m, (int)n, (int)k, 1.0, (const double *)a, (int)lda, (const double *)b, (int)ldb,
            0.0, (double *)c, (int)ldc);
}

void Blas::syrkTransposed(bool single, int64_t n, int64_t k, const void *a, int64_t lda, void *c, int64_t ldc,
                          bool accumulate) {
  Symbols &s = symbols();
  const double beta = accumulate ? 1.0 : 0.0;
  if (single)
    s.ssyrk(ColMajor, Upper, Trans, (int)n, (int)k, 1.0f, (const float *)a, (int)lda, (float)beta, (float *)c, (int)ldc);
  else
    s.dsyrk(ColMajor, Upper, Trans, (int)n, (int)k, 1.0, (const double *)a, (int)lda, beta, (double *)c, (int)ldc);
}

int Blas::qrEcon(bool single, int64_t m, int64_t n, void *a, int64_t lda, void *r) {
  Symbols &s = symbols();
  int t = single ? 1 : 0;
  size_t esize = single ? 4 : 8;
  int64_t k = std::min(m, n);
  std::vector<char> tau((size_t)std::max<int64_t>(k, 1) * esize);
  int info = 0;
  int im = (int)m, in = (int)n, ik = (int)k, ilda = (int)lda;
  if (s.lapackeGeqrf[t] && s.lapackeOrgqr[t]) {
    info = s.lapackeGeqrf[t](ColMajor, im, in, a, ilda, tau.data());
  } else if (s.fortranGeqrf[t] && s.fortranOrgqr[t]) {
    int lwork = -1;
    double query[2] = {0, 0};
    s.fortranGeqrf[t](&im, &in, a, &ilda, tau.data(), query, &lwork, &info);
    lwork = std::max(1, workspaceSize(query, single));
    std::vector<char> work((size_t)lwork * esize);
    s.fortranGeqrf[t](&im, &in, a, &ilda, tau.data(), work.data(), &lwork, &info);
  } else {
    return -1000; // no LAPACK
  }
  if (info != 0) return info;
  // R: the upper triangle of the first k rows.
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < k; ++i) {
      char *dst = (char *)r + (size_t)(i + j * k) * esize;
      const char *src = (const char *)a + (size_t)(i + j * lda) * esize;
      if (i <= j) std::memcpy(dst, src, esize);
      else std::memset(dst, 0, esize);
    }
  if (s.lapackeOrgqr[t]) {
    info = s.lapackeOrgqr[t](ColMajor, im, ik, ik, a, ilda, tau.data());
  } else {
    int lwork = -1;
    double query[2] = {0, 0};
    s.fortranOrgqr[t](&im, &ik, &ik, a, &ilda, tau.data(), query, &lwork, &info);
    lwork = std::max(1, workspaceSize(query, single));
    std::vector<char> work((size_t)lwork * esize);
    s.fortranOrgqr[t](&im, &ik, &ik, a, &ilda, tau.data(), work.data(), &lwork, &info);
  }
  return info;
}

} // namespace runmat::rt
