// runmat_rt1_library: the runtime library functions of the contract's table
// (runmat/contract/LibraryFunctions.h), computed on the host: sorting,
// running sums and products, LAPACK solves and factorisations, the
// stopwatch. Operands are read back from the device when they live there.
#include "Blas.h"
#include "HostCalls.h"

#include "runmat/contract/LibraryFunctions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

using namespace runmat::rt;

namespace {

std::vector<double> values(runmat_exec *x, const Tensor *t) {
  hostRead(x, t);
  std::vector<double> v((size_t)t->numel());
  for (size_t e = 0; e < v.size(); ++e) v[e] = t->get((int64_t)e);
  return v;
}

// A fresh column-major tensor holding `v`.
Tensor *tensorOf(runmat_exec *x, int dtype, int rank, const int64_t *dims, const std::vector<double> &v) {
  Tensor *t = newTensor(x, dtype, rank, dims);
  char *p = hostWrite(x, t);
  for (size_t e = 0; e < v.size(); ++e) {
    if (dtype == RM_DOUBLE) reinterpret_cast<double *>(p)[e] = v[e];
    else if (dtype == RM_SINGLE) reinterpret_cast<float *>(p)[e] = (float)v[e];
    else reinterpret_cast<uint8_t *>(p)[e] = v[e] != 0;
  }
  return t;
}

Tensor *matrixOf(runmat_exec *x, int dtype, int64_t rows, int64_t cols, const std::vector<double> &v) {
  int64_t dims[2] = {rows, cols};
  return tensorOf(x, dtype, 2, dims, v);
}

// The fibres of t along dim (0-based): for each, its first element's
// linear index and the stride between its elements.
struct Fibres {
  int64_t length = 1, stride = 1, count = 1;
  int64_t start(int64_t f) const { return (f % stride) + (f / stride) * stride * length; }
};

Fibres fibresOf(const Tensor *t, int64_t dim) {
  Fibres f;
  f.length = t->dim((int)dim);
  for (int k = 0; k < dim; ++k) f.stride *= t->dim(k);
  f.count = f.length ? t->numel() / f.length : 0;
  return f;
}

int64_t dimOption(runmat_exec *x, int64_t dim, const char *fn) {
  if (dim < 1 || dim > RUNMAT_MAX_RANK) fail(x, RM_ERR_INTERNAL, std::string(fn) + ": bad dimension");
  return dim - 1;
}

void sortCall(runmat_exec *x, Tensor *t, int64_t dim, bool descending) {
  std::vector<double> v = values(x, t), sorted(v.size()), index(v.size());
  Fibres f = fibresOf(t, dimOption(x, dim, "sort"));
  std::vector<int64_t> order((size_t)f.length);
  for (int64_t k = 0; k < f.count; ++k) {
    int64_t s = f.start(k);
    auto at = [&](int64_t i) { return v[(size_t)(s + i * f.stride)]; };
    std::iota(order.begin(), order.end(), 0);
    // NaN is the largest value: last ascending, first descending (MATLAB).
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      double p = at(a), q = at(b);
      if (std::isnan(p) || std::isnan(q)) return descending ? std::isnan(p) && !std::isnan(q) : !std::isnan(p) && std::isnan(q);
      return descending ? p > q : p < q;
    });
    for (int64_t i = 0; i < f.length; ++i) {
      sorted[(size_t)(s + i * f.stride)] = at(order[(size_t)i]);
      index[(size_t)(s + i * f.stride)] = (double)(order[(size_t)i] + 1);
    }
  }
  setResults(x, {tensorOf(x, t->dtype, t->rank, t->dims, sorted), tensorOf(x, RM_DOUBLE, t->rank, t->dims, index)});
}

void scanCall(runmat_exec *x, Tensor *t, int64_t dim, bool reverse, bool product) {
  std::vector<double> v = values(x, t);
  Fibres f = fibresOf(t, dimOption(x, dim, product ? "cumprod" : "cumsum"));
  for (int64_t k = 0; k < f.count; ++k) {
    int64_t s = f.start(k);
    double acc = product ? 1.0 : 0.0;
    for (int64_t j = 0; j < f.length; ++j) {
      int64_t i = reverse ? f.length - 1 - j : j;
      double &e = v[(size_t)(s + i * f.stride)];
      acc = product ? acc * e : acc + e;
      e = acc;
    }
  }
  int dtype = t->dtype == RM_LOGICAL ? RM_DOUBLE : t->dtype;
  setResults(x, {tensorOf(x, dtype, t->rank, t->dims, v)});
}

// ---- LAPACK (Fortran interface, double precision) -------------------------

using dgesv_t = void (*)(const int *, const int *, double *, const int *, int *, double *, const int *, int *);
using dgelsd_t = void (*)(const int *, const int *, const int *, double *, const int *, double *, const int *,
                          double *, const double *, int *, double *, const int *, int *, int *);
using dgetrf_t = void (*)(const int *, const int *, double *, const int *, int *, int *);
using dgetri_t = void (*)(const int *, double *, const int *, const int *, double *, const int *, int *);
using dgesvd_t = void (*)(const char *, const char *, const int *, const int *, double *, const int *, double *,
                          double *, const int *, double *, const int *, double *, const int *, int *, size_t, size_t);

using dsyev_t = void (*)(const char *, const char *, const int *, double *, const int *, double *, double *,
                         const int *, int *, size_t, size_t);

template <typename F> F lapack(runmat_exec *x, const char *name, const char *fn) {
  if (const char *e = Blas::load()) fail(x, RM_ERR_UNSUPPORTED, std::string(fn) + ": " + e);
  auto f = reinterpret_cast<F>(Blas::lapackSymbol(name));
  if (!f) fail(x, RM_ERR_UNSUPPORTED, std::string(fn) + ": the LAPACK library has no " + name);
  return f;
}

int resultDtype(const Tensor *a, const Tensor *b = nullptr) {
  return a->dtype == RM_SINGLE || (b && b->dtype == RM_SINGLE) ? RM_SINGLE : RM_DOUBLE;
}

void requireMatrix(runmat_exec *x, const Tensor *t, const char *fn, bool square) {
  if (t->rank > 2) fail(x, RM_ERR_RUNTIME, std::string(fn) + ": the argument must be a 2-D matrix, not " + t->shapeText());
  if (square && t->dim(0) != t->dim(1))
    fail(x, RM_ERR_RUNTIME, std::string(fn) + ": the matrix must be square, not " + t->shapeText());
}

void warnSingular() { std::fprintf(stderr, "warning: matrix singular to machine precision\n"); }

// Minimum-norm least squares (dgelsd), as Octave solves non-square and
// singular systems.
std::vector<double> leastSquares(runmat_exec *x, std::vector<double> a, int m, int n, const std::vector<double> &b,
                                 int k) {
  auto gelsd = lapack<dgelsd_t>(x, "dgelsd_", "mldivide");
  int ldb = std::max(1, std::max(m, n));
  std::vector<double> bb((size_t)ldb * (size_t)k, 0.0);
  for (int j = 0; j < k; ++j)
    for (int i = 0; i < m; ++i) bb[(size_t)(i + j * ldb)] = b[(size_t)(i + j * m)];
  std::vector<double> s((size_t)std::max(1, std::min(m, n)));
  double rcond = -1, query = 0;
  int rank = 0, info = 0, lwork = -1, iquery = 0, lda = std::max(1, m);
  gelsd(&m, &n, &k, a.data(), &lda, bb.data(), &ldb, s.data(), &rcond, &rank, &query, &lwork, &iquery, &info);
  lwork = std::max(1, (int)query);
  std::vector<double> work((size_t)lwork);
  std::vector<int> iwork((size_t)std::max(1, iquery) + 8 * (size_t)(m + n) + 64);
  gelsd(&m, &n, &k, a.data(), &lda, bb.data(), &ldb, s.data(), &rcond, &rank, work.data(), &lwork, iwork.data(), &info);
  if (info != 0) fail(x, RM_ERR_RUNTIME, "mldivide: LAPACK reported error " + std::to_string(info));
  std::vector<double> out((size_t)n * (size_t)k);
  for (int j = 0; j < k; ++j)
    for (int i = 0; i < n; ++i) out[(size_t)(i + j * n)] = bb[(size_t)(i + j * ldb)];
  return out;
}

void mldivideCall(runmat_exec *x, Tensor *A, Tensor *B) {
  requireMatrix(x, A, "mldivide", false);
  requireMatrix(x, B, "mldivide", false);
  int m = (int)A->dim(0), n = (int)A->dim(1), k = (int)B->dim(1);
  if (B->dim(0) != m)
    fail(x, RM_ERR_RUNTIME, "mldivide: the operands' rows do not agree (" + A->shapeText() + " \\ " + B->shapeText() + ")");
  std::vector<double> a = values(x, A), b = values(x, B), out;
  if (m == 0 || n == 0 || k == 0) {
    out.assign((size_t)n * (size_t)k, 0.0);
  } else if (m == n) {
    auto gesv = lapack<dgesv_t>(x, "dgesv_", "mldivide");
    std::vector<double> lu = a;
    out = b;
    std::vector<int> pivots((size_t)n);
    int info = 0;
    gesv(&n, &k, lu.data(), &n, pivots.data(), out.data(), &n, &info);
    if (info > 0) {
      warnSingular();
      out = leastSquares(x, a, m, n, b, k);
    } else if (info < 0) {
      fail(x, RM_ERR_RUNTIME, "mldivide: LAPACK reported error " + std::to_string(info));
    }
  } else {
    out = leastSquares(x, a, m, n, b, k);
  }
  setResults(x, {matrixOf(x, resultDtype(A, B), n, k, out)});
}

// LU factors in place; returns LAPACK's info (> 0: singular).
int luFactor(runmat_exec *x, std::vector<double> &a, int n, std::vector<int> &pivots, const char *fn) {
  auto getrf = lapack<dgetrf_t>(x, "dgetrf_", fn);
  pivots.assign((size_t)std::max(1, n), 0);
  int info = 0, lda = std::max(1, n);
  getrf(&n, &n, a.data(), &lda, pivots.data(), &info);
  if (info < 0) fail(x, RM_ERR_RUNTIME, std::string(fn) + ": LAPACK reported error " + std::to_string(info));
  return info;
}

void invCall(runmat_exec *x, Tensor *A) {
  requireMatrix(x, A, "inv", true);
  int n = (int)A->dim(0);
  std::vector<double> a = values(x, A);
  std::vector<int> pivots;
  if (n > 0 && luFactor(x, a, n, pivots, "inv") > 0) {
    warnSingular();
    a.assign(a.size(), INFINITY);
  } else if (n > 0) {
    auto getri = lapack<dgetri_t>(x, "dgetri_", "inv");
    int info = 0, lwork = -1;
    double query = 0;
    getri(&n, a.data(), &n, pivots.data(), &query, &lwork, &info);
    lwork = std::max(1, (int)query);
    std::vector<double> work((size_t)lwork);
    getri(&n, a.data(), &n, pivots.data(), work.data(), &lwork, &info);
    if (info != 0) fail(x, RM_ERR_RUNTIME, "inv: LAPACK reported error " + std::to_string(info));
  }
  setResults(x, {matrixOf(x, resultDtype(A), n, n, a)});
}

void detCall(runmat_exec *x, Tensor *A) {
  requireMatrix(x, A, "det", true);
  int n = (int)A->dim(0);
  std::vector<double> a = values(x, A);
  double d = 1;
  if (n > 0) {
    std::vector<int> pivots;
    luFactor(x, a, n, pivots, "det");
    for (int i = 0; i < n; ++i) d *= (pivots[(size_t)i] != i + 1 ? -1.0 : 1.0) * a[(size_t)(i + i * n)];
  }
  setResults(x, {matrixOf(x, resultDtype(A), 1, 1, {d})});
}

void svdCall(runmat_exec *x, Tensor *A) {
  requireMatrix(x, A, "svd", false);
  int m = (int)A->dim(0), n = (int)A->dim(1), k = std::min(m, n);
  std::vector<double> a = values(x, A), s((size_t)std::max(1, k));
  if (k > 0) {
    auto gesvd = lapack<dgesvd_t>(x, "dgesvd_", "svd");
    int info = 0, lwork = -1, one = 1, lda = std::max(1, m);
    double query = 0, none = 0;
    gesvd("N", "N", &m, &n, a.data(), &lda, s.data(), &none, &one, &none, &one, &query, &lwork, &info, 1, 1);
    lwork = std::max(1, (int)query);
    std::vector<double> work((size_t)lwork);
    gesvd("N", "N", &m, &n, a.data(), &lda, s.data(), &none, &one, &none, &one, work.data(), &lwork, &info, 1, 1);
    if (info != 0) fail(x, RM_ERR_RUNTIME, "svd: LAPACK did not converge (info " + std::to_string(info) + ")");
  }
  s.resize((size_t)k);
  setResults(x, {matrixOf(x, resultDtype(A), k, 1, s)});
}

// Symmetric within rounding: a Gram matrix A' * A summed in another order
// than its mirror is symmetric to a few ulps, and its eigenvalues real.
void eigCall(runmat_exec *x, Tensor *A) {
  requireMatrix(x, A, "eig", true);
  int n = (int)A->dim(0);
  std::vector<double> a = values(x, A), w((size_t)std::max(1, n));
  double largest = 0;
  for (double v : a) largest = std::max(largest, std::fabs(v));
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < j; ++i) {
      double d = std::fabs(a[(size_t)(i + j * n)] - a[(size_t)(j + i * n)]);
      if (!(d <= 1e-10 * largest))
        fail(x, RM_ERR_UNSUPPORTED, "eig: the matrix is not symmetric, and runmatc's eig takes symmetric matrices "
                                    "only (other eigenvalues may be complex)");
    }
  if (n > 0) {
    auto syev = lapack<dsyev_t>(x, "dsyev_", "eig");
    int info = 0, lwork = -1, lda = std::max(1, n);
    double query = 0;
    syev("N", "U", &n, a.data(), &lda, w.data(), &query, &lwork, &info, 1, 1);
    lwork = std::max(1, (int)query);
    std::vector<double> work((size_t)lwork);
    syev("N", "U", &n, a.data(), &lda, w.data(), work.data(), &lwork, &info, 1, 1);
    if (info != 0) fail(x, RM_ERR_RUNTIME, "eig: LAPACK did not converge (info " + std::to_string(info) + ")");
  }
  w.resize((size_t)n);
  setResults(x, {matrixOf(x, resultDtype(A), n, 1, w)});
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

extern "C" void runmat_rt1_library(runmat_exec *x, int32_t nameIndex) {
  std::string name = artifactString(x, nameIndex);
  const runmat::LibraryFunctionInfo *info = runmat::findLibraryFunction(name);
  if (!info) fail(x, RM_ERR_FORMAT, "the artifact calls an unknown library function '" + name + "'");
  auto items = takeArguments(x);
  if (items.size() != (size_t)(info->options + info->operands))
    fail(x, RM_ERR_INTERNAL, name + ": the pushed arguments do not match");
  std::vector<int64_t> options = ints(x, items, 0, (size_t)info->options, info->name);
  std::vector<Tensor *> in;
  for (size_t i = (size_t)info->options; i < items.size(); ++i) {
    if (items[i].kind != runmat_exec::Item::Tensor) fail(x, RM_ERR_INTERNAL, name + ": the pushed arguments do not match");
    in.push_back(asTensor(items[i].tensor));
  }
  switch (info->fn) {
  case runmat::LibraryFunction::Sort: return sortCall(x, in[0], options[0], options[1] != 0);
  case runmat::LibraryFunction::Cumsum: return scanCall(x, in[0], options[0], options[1] != 0, false);
  case runmat::LibraryFunction::Cumprod: return scanCall(x, in[0], options[0], options[1] != 0, true);
  case runmat::LibraryFunction::Mldivide: return mldivideCall(x, in[0], in[1]);
  case runmat::LibraryFunction::Inv: return invCall(x, in[0]);
  case runmat::LibraryFunction::Det: return detCall(x, in[0]);
  case runmat::LibraryFunction::Svd: return svdCall(x, in[0]);
  case runmat::LibraryFunction::Eig: return eigCall(x, in[0]);
  case runmat::LibraryFunction::Tic:
    x->ticSeconds = now();
    return setResults(x, {matrixOf(x, RM_DOUBLE, 1, 1, {x->ticSeconds})});
  case runmat::LibraryFunction::Clock: return setResults(x, {matrixOf(x, RM_DOUBLE, 1, 1, {now()})});
  case runmat::LibraryFunction::Toc:
    if (x->ticSeconds < 0) fail(x, RM_ERR_RUNTIME, "toc called before tic");
    return setResults(x, {matrixOf(x, RM_DOUBLE, 1, 1, {now() - x->ticSeconds})});
  }
}
