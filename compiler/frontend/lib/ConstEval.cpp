#include "ConstEval.h"

#include "runmat/trace/TypeRules.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace runmat::frontend::consteval {

using trace::elementwiseDType;

double applyUnary(const std::string &op, double x) {
  if (op == "uminus") return -x;
  if (op == "not") return x == 0 ? 1.0 : 0.0;
  if (op == "sqrt") return std::sqrt(x);
  if (op == "exp") return std::exp(x);
  if (op == "log") return std::log(x);
  if (op == "abs") return std::fabs(x);
  if (op == "sin") return std::sin(x);
  if (op == "cos") return std::cos(x);
  if (op == "tan") return std::tan(x);
  if (op == "tanh") return std::tanh(x);
  if (op == "floor") return std::floor(x);
  if (op == "ceil") return std::ceil(x);
  if (op == "round") return std::round(x); // half away from zero, as MATLAB
  if (op == "sign") return std::isnan(x) ? x : (x > 0) - (x < 0);
  if (op == "log1p") return std::log1p(x);
  if (op == "expm1") return std::expm1(x);
  if (op == "atan") return std::atan(x);
  if (op == "asin") return std::fabs(x) > 1 ? NAN : std::asin(x);
  if (op == "acos") return std::fabs(x) > 1 ? NAN : std::acos(x);
  if (op == "sinh") return std::sinh(x);
  if (op == "cosh") return std::cosh(x);
  return NAN;
}

double applyBinary(const std::string &op, double x, double y) {
  if (op == "plus") return x + y;
  if (op == "minus") return x - y;
  if (op == "times") return x * y;
  if (op == "rdivide") return x / y;
  if (op == "power") return std::pow(x, y);
  if (op == "max") return std::isnan(x) ? y : std::isnan(y) ? x : std::max(x, y);
  if (op == "min") return std::isnan(x) ? y : std::isnan(y) ? x : std::min(x, y);
  if (op == "mod") {
    if (y == 0) return x;
    double r = x - std::floor(x / y) * y;
    return r;
  }
  if (op == "rem") {
    // As the kernels compute it (ScalarSemantics.cpp): Octave's rule.
    if (std::isinf(y) && std::isfinite(x)) return x;
    double q = x / y, n = std::trunc(q), nq = std::round(q);
    double r = x - n * y;
    if (std::round(y) != y && std::fabs(q - nq) < DBL_EPSILON * std::fabs(nq)) r = 0;
    return std::isnan(r) ? r : std::copysign(r, x);
  }
  if (op == "atan2") return std::atan2(x, y);
  if (op == "hypot") return std::hypot(x, y);
  if (op == "eq") return x == y;
  if (op == "ne") return x != y;
  if (op == "lt") return x < y;
  if (op == "le") return x <= y;
  if (op == "gt") return x > y;
  if (op == "ge") return x >= y;
  if (op == "and") return (x != 0) && (y != 0);
  if (op == "or") return (x != 0) || (y != 0);
  return NAN;
}

static std::string dimsText(const std::vector<int64_t> &d) {
  std::string s;
  for (size_t i = 0; i < d.size(); ++i) s += (i ? "x" : "") + std::to_string(d[i]);
  return s;
}

// Refuse results MATLAB would make complex: runmatc is real-only.
static void checkReal(const std::string &op, double in, double out, const SourceLoc &loc) {
  if (std::isnan(out) && !std::isnan(in))
    throw CompileError(loc, op + " of the constant " + std::to_string(in) +
                                " is complex in MATLAB; runmatc computes with real numbers only");
}

TValue unary(const std::string &op, const TValue &x, const SourceLoc &loc) {
  DType t = elementwiseDType(op, {x.dtype});
  std::vector<double> out(x.data.size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = applyUnary(op, x.data[i]);
    if (op == "sqrt" || op == "log")
      checkReal(op, x.data[i], out[i], loc);
  }
  return TValue::constArray(x.dims, std::move(out), t);
}

TValue binary(const std::string &op, const TValue &x, const TValue &y, const SourceLoc &loc) {
  size_t rank = std::max(x.dims.size(), y.dims.size());
  std::vector<int64_t> dx = x.dims, dy = y.dims, dr(rank);
  dx.resize(rank, 1);
  dy.resize(rank, 1);
  for (size_t d = 0; d < rank; ++d) {
    if (dx[d] == dy[d] || dy[d] == 1) dr[d] = dx[d];
    else if (dx[d] == 1) dr[d] = dy[d];
    else
      throw CompileError(loc, "sizes " + dimsText(x.dims) + " and " + dimsText(y.dims) +
                                  " are not compatible for implicit expansion (dimension " +
                                  std::to_string(d + 1) + ")");
  }
  int64_t n = 1;
  for (int64_t e : dr) n *= e;
  std::vector<double> out((size_t)n);
  std::vector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t ox = 0, oy = 0, sx = 1, sy = 1;
    for (size_t d = 0; d < rank; ++d) {
      ox += (dx[d] == 1 ? 0 : idx[d]) * sx;
      oy += (dy[d] == 1 ? 0 : idx[d]) * sy;
      sx *= dx[d];
      sy *= dy[d];
    }
    out[(size_t)k] = applyBinary(op, x.data[(size_t)ox], y.data[(size_t)oy]);
    if (op == "power" && std::isnan(out[(size_t)k]) && !std::isnan(x.data[(size_t)ox]) &&
        !std::isnan(y.data[(size_t)oy]))
      throw CompileError(loc, "a negative constant to a non-integer power is complex in MATLAB; "
                              "runmatc computes with real numbers only");
    for (size_t d = 0; d < rank && ++idx[d] == dr[d]; ++d) idx[d] = 0;
  }
  // Trailing singleton dimensions beyond the second are dropped, as in MATLAB.
  while (dr.size() > 2 && dr.back() == 1) dr.pop_back();
  return TValue::constArray(dr, std::move(out), elementwiseDType(op, {x.dtype, y.dtype}));
}

TValue cast(const TValue &x, DType to) {
  std::vector<double> out = x.data;
  return TValue::constArray(x.dims, std::move(out), to);
}

TValue reduce(const std::string &op, const TValue &x, const std::vector<int64_t> &dims) {
  size_t rank = x.dims.size();
  std::vector<bool> red(rank, false);
  for (int64_t d : dims)
    if (d >= 1 && (size_t)d <= rank) red[d - 1] = true;
  std::vector<int64_t> rd = x.dims;
  int64_t count = 1;
  for (size_t d = 0; d < rank; ++d)
    if (red[d]) {
      count *= x.dims[d];
      rd[d] = (op == "reduce_max" || op == "reduce_min") && x.dims[d] == 0 ? 0 : 1;
    }
  int64_t n = 1;
  for (int64_t e : rd) n *= e;
  double init = op == "prod" ? 1.0 : (op == "reduce_max" || op == "reduce_min") ? NAN : 0.0;
  std::vector<double> acc((size_t)n, init);
  std::vector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < x.numel(); ++k) {
    int64_t o = 0, s = 1;
    for (size_t d = 0; d < rank; ++d) {
      o += (red[d] ? 0 : idx[d]) * s;
      s *= rd[d];
    }
    double v = x.data[(size_t)k];
    double &a = acc[(size_t)o];
    if (op == "sum" || op == "mean") a += v;
    else if (op == "prod") a *= v;
    else if (op == "reduce_max") a = applyBinary("max", a, v);
    else a = applyBinary("min", a, v);
    for (size_t d = 0; d < rank && ++idx[d] == x.dims[d]; ++d) idx[d] = 0;
  }
  if (op == "mean")
    for (double &a : acc) a = a / (double)count;
  while (rd.size() > 2 && rd.back() == 1) rd.pop_back(); // MATLAB drops trailing singleton dimensions
  return TValue::constArray(rd, std::move(acc), trace::reductionDType(op, x.dtype));
}

TValue transpose(const TValue &x) {
  int64_t m = x.dims[0], n = x.dims.size() > 1 ? x.dims[1] : 1;
  std::vector<double> out(x.data.size());
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) out[(size_t)(j + i * n)] = x.data[(size_t)(i + j * m)];
  return TValue::constArray({n, m}, std::move(out), x.dtype);
}

TValue mtimes(const TValue &a, const TValue &b, const SourceLoc &loc) {
  int64_t m = a.dims[0], k = a.dims[1], k2 = b.dims[0], n = b.dims[1];
  if (a.dims.size() > 2 || b.dims.size() > 2 || k != k2)
    throw CompileError(loc, "inner dimensions of the matrix product do not agree (" + dimsText(a.dims) +
                                " * " + dimsText(b.dims) + ")");
  std::vector<double> out((size_t)(m * n), 0.0);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t p = 0; p < k; ++p)
      for (int64_t i = 0; i < m; ++i) out[(size_t)(i + j * m)] += a.data[(size_t)(i + p * m)] * b.data[(size_t)(p + j * k)];
  return TValue::constArray({m, n}, std::move(out), elementwiseDType("times", {a.dtype, b.dtype}));
}

TValue concat(int dim, const std::vector<TValue> &parts, const SourceLoc &loc) {
  std::vector<const TValue *> used;
  bool allLogical = true;
  DType dt = DType::Double;
  bool first = true;
  for (const TValue &p : parts) {
    if (p.numel() == 0 && p.dims.size() == 2 && p.dims[0] == 0 && p.dims[1] == 0)
      continue; // [] is skipped in concatenation
    used.push_back(&p);
    allLogical &= p.dtype == DType::Logical;
    dt = first ? (p.dtype == DType::Logical ? DType::Double : p.dtype) : trace::arithmeticDType(dt, p.dtype);
    first = false;
  }
  if (used.empty())
    return TValue::constArray({0, 0}, {}, DType::Double);
  if (allLogical) dt = DType::Logical;
  int other = dim == 1 ? 1 : 0;
  int64_t along = 0;
  int64_t keep = used[0]->dims[other];
  for (const TValue *p : used) {
    if (p->dims.size() > 2)
      throw CompileError(loc, "concatenation of arrays with more than 2 dimensions is not supported");
    if (p->dims[other] != keep)
      throw CompileError(loc, std::string("dimensions of arrays being concatenated are not consistent (") +
                                  (dim == 2 ? "different row counts" : "different column counts") + ")");
    along += p->dims[dim - 1];
  }
  std::vector<int64_t> rd = dim == 2 ? std::vector<int64_t>{keep, along} : std::vector<int64_t>{along, keep};
  std::vector<double> out((size_t)(keep * along));
  int64_t offset = 0;
  for (const TValue *p : used) {
    int64_t pr = p->dims[0], pc = p->dims[1];
    for (int64_t i = 0; i < pr; ++i)
      for (int64_t j = 0; j < pc; ++j) {
        int64_t r = dim == 1 ? i + offset : i, c = dim == 2 ? j + offset : j;
        out[(size_t)(r + c * rd[0])] = p->data[(size_t)(i + j * pr)];
      }
    offset += p->dims[dim - 1];
  }
  return TValue::constArray(rd, std::move(out), dt);
}

int64_t colonCount(double start, double step, double stop) {
  if (step == 0 || std::isnan(start) || std::isnan(step) || std::isnan(stop))
    return 0;
  double q = (stop - start) / step;
  if (q < 0)
    return 0;
  return (int64_t)std::floor(q + 4 * DBL_EPSILON * std::max(1.0, std::fabs(q))) + 1;
}

TValue colon(double start, double step, double stop, DType t) {
  int64_t n = colonCount(start, step, stop);
  std::vector<double> out((size_t)n);
  for (int64_t i = 0; i < n; ++i) out[(size_t)i] = start + (double)i * step;
  return TValue::constArray({1, n}, std::move(out), t);
}

bool truthy(const TValue &x) {
  if (x.numel() == 0)
    return false;
  for (double v : x.data)
    if (v == 0)
      return false;
  return true;
}

} // namespace runmat::frontend::consteval
