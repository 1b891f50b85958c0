// Linear algebra builtins: the solves A\B and A/B, inv, det, svd (LAPACK
// through runtime library calls), the matrix power A^p for integer p (as
// products), trace and norm (as reductions, so they fuse).
#include "Builtins.h"

#include <cmath>

namespace runmat::frontend::builtins {

namespace {

DType solveDType(Tracer &t, const TValue &a, const TValue *b = nullptr) {
  bool single = t.typeOf(a).dtype == DType::Single || (b && t.typeOf(*b).dtype == DType::Single);
  return single ? DType::Single : DType::Double;
}

std::vector<Dim> matrixOperand(Tracer &t, const std::string &name, const TValue &x, const SourceLoc &loc) {
  if (x.isText()) throw CompileError(loc, name + " needs a numeric matrix");
  std::vector<Dim> s = t.shapeOf(x);
  if (s.size() != 2) throw CompileError(loc, name + " needs a 2-D matrix, got " + t.shapeText(t.typeOf(x)));
  return s;
}

void requireSquare(Tracer &t, const std::string &name, const std::vector<Dim> &s, const SourceLoc &loc) {
  if (s[0].isConstant() && s[1].isConstant()) {
    if (s[0] != s[1])
      throw CompileError(loc, name + " needs a square matrix, got " + std::to_string(s[0].extent) + "x" +
                                  std::to_string(s[1].extent));
    return;
  }
  if (s[0] != s[1])
    t.emitCheck(t.binaryOp("eq", t.dimValue(s[0]), t.dimValue(s[1]), loc),
                name + ": the matrix must be square", loc);
}

TValue solve(Tracer &t, const TValue &a, const TValue &b, const SourceLoc &loc) {
  std::vector<Dim> sa = matrixOperand(t, "mldivide", a, loc), sb = matrixOperand(t, "mldivide", b, loc);
  if (sa[0].isConstant() && sb[0].isConstant() && sa[0] != sb[0])
    throw CompileError(loc, "A\\B: the rows of A (" + std::to_string(sa[0].extent) + ") and B (" +
                                std::to_string(sb[0].extent) + ") do not agree");
  Type r = Type::makeTensor(solveDType(t, a, &b), {sa[1], sb[1]});
  return libraryCall(t, "mldivide", {a, b}, {}, {r}, loc)[0];
}

TValue identity(Tracer &t, const Dim &n, const SourceLoc &loc) {
  Args size = {t.dimValue(n), t.dimValue(n)};
  return t.callBuiltin("eye", size, 1, loc)[0];
}

// A^p for an integer p known at compile time: repeated squaring (p < 0
// inverts first).
TValue matrixPower(Tracer &t, const TValue &a, const TValue &p, const SourceLoc &loc) {
  if (!p.isConstScalar() || p.scalar() != std::floor(p.scalar()) || std::fabs(p.scalar()) > (1 << 30))
    throw CompileError(loc, "matrix power A^p is supported for an integer p known at compile time; use .^ for "
                            "elementwise power");
  std::vector<Dim> s = matrixOperand(t, "A^p", a, loc);
  requireSquare(t, "A^p", s, loc);
  int64_t k = (int64_t)std::fabs(p.scalar());
  TValue base = a;
  if (p.scalar() < 0) {
    Args one = {a};
    base = t.callBuiltin("inv", one, 1, loc)[0];
  }
  TValue result;
  bool have = false;
  while (k > 0) {
    if (k & 1) {
      result = have ? t.mtimesOp(result, base, loc) : base;
      have = true;
    }
    k >>= 1;
    if (k) base = t.mtimesOp(base, base, loc);
  }
  return have ? result : t.castTo(identity(t, s[0], loc), t.typeOf(a).dtype == DType::Single ? DType::Single : DType::Double, loc);
}

TValue absOf(Tracer &t, const TValue &x, const SourceLoc &loc) { return t.unaryOp("abs", x, loc); }

TValue scalarOf(Tracer &t, const TValue &x, const SourceLoc &loc) { return t.toHostScalar(x, loc, "a norm"); }

TValue vectorNorm(Tracer &t, const TValue &x, double p, const SourceLoc &loc) {
  TValue a = absOf(t, x, loc);
  std::vector<int64_t> all;
  for (size_t d = 1; d <= t.shapeOf(x).size(); ++d) all.push_back((int64_t)d);
  if (std::isinf(p)) return scalarOf(t, t.reduceOp(p > 0 ? "reduce_max" : "reduce_min", a, all, loc), loc);
  if (p == 1) return scalarOf(t, t.reduceOp("sum", a, all, loc), loc);
  if (p == 2) return t.unaryOp("sqrt", scalarOf(t, t.reduceOp("sum", t.binaryOp("times", a, a, loc), all, loc), loc), loc);
  TValue s = scalarOf(t, t.reduceOp("sum", t.binaryOp("power", a, TValue::constant(p), loc), all, loc), loc);
  return t.binaryOp("power", s, TValue::constant(1 / p), loc);
}

std::vector<TValue> normBuiltin(Tracer &t, Args &a, int nargout, const SourceLoc &loc) {
  arity("norm", a, 1, 2, loc);
  oneOutput("norm", nargout, loc);
  const TValue &x = a[0];
  if (x.isText()) throw CompileError(loc, "norm needs a numeric value");
  std::vector<Dim> s = t.shapeOf(x);
  if (s.size() != 2) throw CompileError(loc, "norm needs a vector or a 2-D matrix");
  bool fro = a.size() == 2 && isText(a[1], "fro");
  double p = 2;
  if (a.size() == 2 && !fro) {
    if (a[1].isText() && (a[1].text == "inf" || a[1].text == "Inf")) p = INFINITY;
    else if (a[1].isConstScalar()) p = a[1].scalar();
    else throw CompileError(loc, "norm(X, p): p must be a number known at compile time, Inf, -Inf or 'fro'");
  }
  if (fro) return {vectorNorm(t, x, 2, loc)};
  bool vector = s[0].isOne() || s[1].isOne();
  if (vector) {
    if (std::isnan(p) || p == 0) throw CompileError(loc, "norm(v, p): p must be positive, Inf or -Inf");
    return {vectorNorm(t, x, p, loc)};
  }
  if (!(p == 1 || p == 2 || std::isinf(p)) || p < 0)
    throw CompileError(loc, "norm of a matrix takes p = 1, 2, Inf or 'fro'");
  if (!s[0].isConstant() || !s[1].isConstant()) {
    // A symbolic matrix might be a vector at run time, where the norm differs.
    TValue one = TValue::constant(1);
    t.emitCheck(t.binaryOp("and", t.binaryOp("ne", t.dimValue(s[0]), one, loc), t.binaryOp("ne", t.dimValue(s[1]), one, loc), loc),
                "norm: the argument is a vector at run time, but runmatc compiled the matrix norm", loc);
  }
  TValue abs = absOf(t, x, loc);
  if (p == 1) return {scalarOf(t, t.reduceOp("reduce_max", t.reduceOp("sum", abs, {1}, loc), {2}, loc), loc)};
  if (std::isinf(p)) return {scalarOf(t, t.reduceOp("reduce_max", t.reduceOp("sum", abs, {2}, loc), {1}, loc), loc)};
  Args one = {x};
  TValue sv = t.callBuiltin("svd", one, 1, loc)[0];
  return {scalarOf(t, t.reduceOp("reduce_max", sv, {1}, loc), loc)};
}

} // namespace

void addLinearAlgebraBuiltins(Table &m) {
  m["mldivide"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("mldivide", a, 2, 2, loc);
    oneOutput("mldivide", nargout, loc);
    if (a[0].isScalarLike()) return {t.binaryOp("rdivide", a[1], a[0], loc)};
    return {solve(t, a[0], a[1], loc)};
  };
  m["mrdivide"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("mrdivide", a, 2, 2, loc);
    oneOutput("mrdivide", nargout, loc);
    if (a[1].isScalarLike()) return {t.binaryOp("rdivide", a[0], a[1], loc)};
    std::vector<Dim> sa = matrixOperand(t, "mrdivide", a[0], loc), sb = matrixOperand(t, "mrdivide", a[1], loc);
    if (sa[1].isConstant() && sb[1].isConstant() && sa[1] != sb[1])
      throw CompileError(loc, "A/B: the columns of A (" + std::to_string(sa[1].extent) + ") and B (" +
                                  std::to_string(sb[1].extent) + ") do not agree");
    // A / B = (B' \ A')'
    return {t.transposeOp(solve(t, t.transposeOp(a[1], loc), t.transposeOp(a[0], loc), loc), loc)};
  };
  m["mpower"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("mpower", a, 2, 2, loc);
    oneOutput("mpower", nargout, loc);
    if (a[0].isScalarLike() && a[1].isScalarLike()) return {t.binaryOp("power", a[0], a[1], loc)};
    if (!a[1].isScalarLike())
      throw CompileError(loc, "a matrix exponent (s^A, A^B) is not supported by runmatc; use .^ for elementwise power");
    return {matrixPower(t, a[0], a[1], loc)};
  };
  m["inv"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("inv", a, 1, 1, loc);
    oneOutput("inv", nargout, loc);
    if (a[0].isScalarLike()) return {t.binaryOp("rdivide", TValue::constant(1), t.castTo(a[0], solveDType(t, a[0]), loc), loc)};
    std::vector<Dim> s = matrixOperand(t, "inv", a[0], loc);
    requireSquare(t, "inv", s, loc);
    return libraryCall(t, "inv", {a[0]}, {}, {Type::makeTensor(solveDType(t, a[0]), s)}, loc);
  };
  m["det"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("det", a, 1, 1, loc);
    oneOutput("det", nargout, loc);
    if (a[0].isScalarLike()) return {t.castTo(a[0], solveDType(t, a[0]), loc)};
    std::vector<Dim> s = matrixOperand(t, "det", a[0], loc);
    requireSquare(t, "det", s, loc);
    Type one = Type::makeTensor(solveDType(t, a[0]), {Dim::constant(1), Dim::constant(1)});
    return {t.toHostScalar(libraryCall(t, "det", {a[0]}, {}, {one}, loc)[0], loc, "the determinant")};
  };
  m["svd"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("svd", a, 1, 1, loc);
    if (nargout > 1) throw CompileError(loc, "[U, S, V] = svd(X) is not supported by runmatc; s = svd(X) gives the singular values");
    std::vector<Dim> s = matrixOperand(t, "svd", a[0], loc);
    Dim k = t.toDim(t.binaryOp("min", t.dimValue(s[0]), t.dimValue(s[1]), loc), loc, "the number of singular values");
    return libraryCall(t, "svd", {a[0]}, {}, {Type::makeTensor(solveDType(t, a[0]), {k, Dim::constant(1)})}, loc);
  };
  m["eig"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("eig", a, 1, 1, loc);
    if (nargout > 1) throw CompileError(loc, "[V, D] = eig(A) is not supported by runmatc; e = eig(A) gives the eigenvalues");
    std::vector<Dim> s = matrixOperand(t, "eig", a[0], loc);
    requireSquare(t, "eig", s, loc);
    return libraryCall(t, "eig", {a[0]}, {}, {Type::makeTensor(solveDType(t, a[0]), {s[0], Dim::constant(1)})}, loc);
  };
  // Values are real in runmatc: real is the value, imag zeros, isreal true.
  m["real"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("real", a, 1, 1, loc);
    oneOutput("real", nargout, loc);
    if (a[0].isText()) throw CompileError(loc, "real of text is not supported by runmatc");
    return {a[0].dtype == DType::Logical ? t.castTo(a[0], DType::Double, loc) : a[0]};
  };
  m["isreal"] = [](Tracer &, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("isreal", a, 1, 1, loc);
    oneOutput("isreal", nargout, loc);
    return {TValue::constant(1, DType::Logical)};
  };
  m["trace"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("trace", a, 1, 1, loc);
    oneOutput("trace", nargout, loc);
    if (a[0].isScalarLike()) return {a[0]};
    std::vector<Dim> s = matrixOperand(t, "trace", a[0], loc);
    requireSquare(t, "trace", s, loc);
    Args one = {a[0]};
    TValue d = t.callBuiltin("diag", one, 1, loc)[0];
    return {t.toHostScalar(t.reduceOp("sum", d, {1}, loc), loc, "the trace")};
  };
  m["norm"] = normBuiltin;
}

} // namespace runmat::frontend::builtins
