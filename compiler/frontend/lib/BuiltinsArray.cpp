// Builtins that build or rearrange arrays (eye, tril, triu, diff, repmat,
// the is* shape tests), sort and the running sums and products (runtime
// library calls), the index output of max and min, and the stopwatch.
// Where an elementwise form exists it is used, so that the work fuses.
#include "Builtins.h"

#include <cmath>

namespace runmat::frontend::builtins {

namespace {

TValue one() { return TValue::constant(1); }

// A 1-based position along dimension `dim` (0-based) with extent `n`,
// shaped to broadcast against an array of that rank (n at dim, 1 elsewhere).
TValue positionsAlong(Tracer &t, size_t dim, const Dim &n, const SourceLoc &loc) {
  TValue row = t.rangeValue(one(), one(), t.dimValue(n), loc);
  std::vector<Dim> shape(std::max<size_t>(2, dim + 1), Dim::constant(1));
  shape[dim] = n;
  return t.reshapeTo(row, shape, loc);
}

std::vector<Dim> matrixShape(Tracer &t, const std::string &name, const TValue &x, const SourceLoc &loc) {
  if (x.isText()) throw CompileError(loc, name + " needs a numeric matrix");
  std::vector<Dim> s = t.shapeOf(x);
  if (s.size() != 2) throw CompileError(loc, name + " needs a 2-D matrix, got " + t.shapeText(t.typeOf(x)));
  return s;
}

// tril and triu: zero the elements outside the band col - row <= k (tril)
// or >= k (triu), written as a masked scatter so Inf and NaN outside it
// become 0.
TValue triangle(Tracer &t, bool lower, const TValue &a, const TValue &k, const SourceLoc &loc) {
  std::vector<Dim> s = matrixShape(t, lower ? "tril" : "triu", a, loc);
  TValue offset = t.binaryOp("minus", positionsAlong(t, 1, s[1], loc), positionsAlong(t, 0, s[0], loc), loc);
  TValue outside = t.binaryOp(lower ? "gt" : "lt", offset, k, loc);
  TValue at = t.positionsOf(outside, loc);
  if (at.isConst() && at.numel() == 0) return a;
  std::string base = t.materialize(a, loc);
  Type bt = t.typeOfId(base);
  TValue zero = t.castTo(TValue::constant(0), bt.dtype, loc);
  return t.emit1("put", {base, t.materialize(at, loc), t.materialize(zero, loc)}, {}, {bt}, loc);
}

// x(..., 2:n, ...) - x(..., 1:n-1, ...) along dim (0-based).
TValue difference(Tracer &t, const TValue &x, size_t dim, const SourceLoc &loc) {
  std::vector<Dim> s = t.shapeOf(x);
  TValue n = t.dimValue(s[dim]);
  TValue m = t.binaryOp("max", t.binaryOp("minus", n, one(), loc), TValue::constant(0), loc);
  Dim md = t.toDim(m, loc, "the length of diff");
  std::string base = t.materialize(x, loc);
  auto section = [&](const TValue &start) {
    std::vector<std::string> operands = {base}, kinds;
    for (size_t k = 0; k < s.size(); ++k) {
      if (k != dim) {
        kinds.push_back("colon");
        continue;
      }
      kinds.push_back("range");
      for (const TValue &v : {start, one(), t.binaryOp("plus", start, t.binaryOp("minus", m, one(), loc), loc)})
        operands.push_back(t.materialize(v, loc));
    }
    std::vector<Dim> shape = s;
    shape[dim] = md;
    return t.emit1("subsref", operands, {trace::Attr{"subs", kinds}}, {Type::makeTensor(t.typeOfId(base).dtype, shape)},
                   loc);
  };
  return t.binaryOp("minus", section(TValue::constant(2)), section(one()), loc);
}

// The first dimension whose extent is not 1 (1 when all are), as MATLAB
// picks it; it must be known at compile time.
size_t firstNonSingleton(Tracer &t, const std::string &name, const TValue &x, const SourceLoc &loc) {
  std::vector<Dim> s = t.shapeOf(x);
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k].isOne()) continue;
    if (!s[k].isConstant() && k + 1 < s.size())
      for (size_t j = k + 1; j < s.size(); ++j)
        if (!s[j].isOne()) // x might be 1 x n at run time, where MATLAB would work along another dimension
          t.emitCheck(t.binaryOp("ne", t.dimValue(s[k]), one(), loc),
                      name + ": the array has extent 1 at run time where runmatc chose its dimension; pass dim", loc);
    return k;
  }
  return 0;
}

// Options of sort, cumsum and cumprod: (x), (x, dim), (x, mode), (x, dim, mode).
struct DimAndMode {
  int64_t dim = 0; // 1-based; 0: the default
  std::string mode;
};

DimAndMode dimAndMode(const std::string &name, const Args &a, const SourceLoc &loc) {
  DimAndMode r;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i].isText()) r.mode = a[i].text;
    else if (r.mode.empty() && r.dim == 0) r.dim = dimArgument(name, a[i], loc);
    else throw CompileError(loc, name + ": the dimension comes before the mode text");
  }
  return r;
}

std::vector<TValue> sortBuiltin(Tracer &t, Args &a, int nargout, const SourceLoc &loc) {
  arity("sort", a, 1, 3, loc);
  if (nargout > 2) throw CompileError(loc, "sort returns at most two values");
  if (a[0].isText()) throw CompileError(loc, "sort of text is not supported by runmatc");
  DimAndMode o = dimAndMode("sort", a, loc);
  if (!o.mode.empty() && o.mode != "ascend" && o.mode != "descend")
    throw CompileError(loc, "sort: the mode must be 'ascend' or 'descend', not '" + o.mode + "'");
  int64_t dim = o.dim ? o.dim : (int64_t)firstNonSingleton(t, "sort", a[0], loc) + 1;
  Type xt = t.typeOf(a[0]);
  if (xt.scalar) return {a[0], one()};
  Type it = Type::makeTensor(DType::Double, xt.shape);
  if ((size_t)dim > xt.shape.size()) return {a[0], t.binaryOp("times", t.castTo(a[0], DType::Double, loc), TValue::constant(0), loc)};
  std::vector<TValue> r = libraryCall(t, "sort", {a[0]}, {dim, o.mode == "descend"}, {xt, it}, loc);
  if (nargout <= 1) r.pop_back();
  return r;
}

std::vector<TValue> scanBuiltin(Tracer &t, const std::string &name, Args &a, int nargout, const SourceLoc &loc) {
  arity(name, a, 1, 3, loc);
  oneOutput(name, nargout, loc);
  if (a[0].isText()) throw CompileError(loc, name + " needs a numeric value");
  DimAndMode o = dimAndMode(name, a, loc);
  if (!o.mode.empty() && o.mode != "forward" && o.mode != "reverse")
    throw CompileError(loc, name + ": the direction must be 'forward' or 'reverse', not '" + o.mode + "'");
  int64_t dim = o.dim ? o.dim : (int64_t)firstNonSingleton(t, name, a[0], loc) + 1;
  Type xt = t.typeOf(a[0]);
  if (xt.dtype == DType::Logical) xt.dtype = DType::Double;
  if (xt.scalar || (size_t)dim > xt.shape.size()) return {t.castTo(a[0], xt.dtype, loc)};
  return libraryCall(t, name, {a[0]}, {dim, o.mode == "reverse"}, {xt}, loc);
}

} // namespace

// [m, i] = max(x), max(x, [], dim), min likewise: i is the first position
// along dim where x equals the extreme (1 where all are NaN), found as the
// minimum of positions with those that differ pushed past the end, so it
// fuses with the reduction.
std::vector<TValue> extremeWithIndex(Tracer &t, const TValue &x, const TValue &m, int64_t dim, const SourceLoc &loc) {
  std::vector<Dim> s = t.shapeOf(x);
  if ((size_t)dim > s.size()) return {m, t.binaryOp("times", t.castTo(m, DType::Double, loc), TValue::constant(0), loc)};
  TValue n = t.dimValue(s[(size_t)dim - 1]);
  TValue past = t.binaryOp("plus", n, one(), loc);
  TValue differs = t.binaryOp("ne", x, m, loc);
  TValue candidates = t.binaryOp("plus", positionsAlong(t, (size_t)dim - 1, s[(size_t)dim - 1], loc),
                                 t.binaryOp("times", differs, past, loc), loc);
  TValue i = t.reduceOp("reduce_min", candidates, {dim}, loc);
  i = t.binaryOp("minus", i, t.binaryOp("times", t.binaryOp("gt", i, n, loc), past, loc), loc);
  return {m, i};
}

void addArrayBuiltins(Table &m) {
  m["eye"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    oneOutput("eye", nargout, loc);
    DType dt = DType::Double;
    std::vector<Dim> d = a.empty() ? std::vector<Dim>{Dim::constant(1), Dim::constant(1)}
                                   : sizeArgs(t, "eye", a, loc, dt, true);
    if (d.size() != 2) throw CompileError(loc, "eye takes two extents at most");
    TValue diagonal = t.binaryOp("eq", positionsAlong(t, 0, d[0], loc), positionsAlong(t, 1, d[1], loc), loc);
    return {t.castTo(diagonal, dt, loc)};
  };
  for (bool lower : {true, false}) {
    std::string name = lower ? "tril" : "triu";
    m[name] = [name, lower](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity(name, a, 1, 2, loc);
      oneOutput(name, nargout, loc);
      TValue k = a.size() == 2 ? t.toHostScalar(a[1], loc, "the diagonal offset") : TValue::constant(0);
      return {triangle(t, lower, a[0], k, loc)};
    };
  }
  m["diff"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("diff", a, 1, 3, loc);
    oneOutput("diff", nargout, loc);
    if (a[0].isText()) throw CompileError(loc, "diff needs a numeric value");
    int64_t order = 1;
    if (a.size() >= 2 && !isEmptyMatrix(a[1])) order = dimArgument("diff (the order)", a[1], loc);
    size_t dim = a.size() == 3 ? (size_t)dimArgument("diff", a[2], loc) - 1 : firstNonSingleton(t, "diff", a[0], loc);
    TValue x = a[0];
    if (dim >= t.shapeOf(x).size())
      throw CompileError(loc, "diff along a dimension beyond the array's rank gives an empty array; runmatc does not "
                              "support it");
    for (int64_t k = 0; k < order; ++k) x = difference(t, x, dim, loc);
    return {x};
  };
  m["repmat"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("repmat", a, 2, 3, loc);
    oneOutput("repmat", nargout, loc);
    if (a[0].isText()) throw CompileError(loc, "repmat of text is not supported by runmatc");
    std::vector<TValue> counts;
    if (a.size() == 3) counts = {a[1], a[2]};
    else if (a[1].isConst() && a[1].numel() == 2) counts = {TValue::constant(a[1].data[0]), TValue::constant(a[1].data[1])};
    else if (a[1].isRuntime() && a[1].elements.size() == 2) counts = a[1].elements;
    else if (a[1].isScalarLike()) counts = {a[1], a[1]};
    else throw CompileError(loc, "repmat takes (A, n), (A, m, n) or (A, [m n]); more dimensions are not supported");
    std::vector<Dim> s = t.shapeOf(a[0]);
    if (s.size() != 2) throw CompileError(loc, "repmat of an N-D array is not supported by runmatc");
    // Element (i, j) of the result is A(mod(i-1, r) + 1, mod(j-1, c) + 1).
    TValue r = t.dimValue(s[0]), c = t.dimValue(s[1]);
    Dim rows = t.toDim(t.binaryOp("times", r, counts[0], loc), loc, "the rows of repmat");
    Dim cols = t.toDim(t.binaryOp("times", c, counts[1], loc), loc, "the columns of repmat");
    // Repeating only along extents of 1 is implicit expansion: A .* ones
    // (exact for every value), an elementwise op that fuses where a gather
    // would not (repmat(e ./ nx, p, 1) in NLMS's loop).
    auto once = [](const TValue &n) { return n.isConstScalar() && n.scalar() == 1; };
    if ((s[0].isOne() || once(counts[0])) && (s[1].isOne() || once(counts[1]))) {
      DType dt = t.typeOf(a[0]).dtype;
      DType arith = dt == DType::Logical ? DType::Double : dt;
      TValue ones = t.emit1("const", {}, {trace::Attr{"value", 1.0}}, {Type::makeTensor(arith, {rows, cols})}, loc);
      TValue out = t.binaryOp("times", a[0], ones, loc);
      return {dt == DType::Logical ? t.castTo(out, DType::Logical, loc) : out};
    }
    TValue i = t.binaryOp("mod", t.binaryOp("minus", positionsAlong(t, 0, rows, loc), one(), loc), r, loc);
    TValue j = t.binaryOp("mod", t.binaryOp("minus", positionsAlong(t, 1, cols, loc), one(), loc), c, loc);
    TValue linear = t.binaryOp("plus", t.binaryOp("plus", i, t.binaryOp("times", j, r, loc), loc), one(), loc);
    std::string base = t.materializeTensor(a[0], loc);
    Type bt = t.typeOfId(base);
    return {t.emit1("take", {base, t.materialize(linear, loc)}, {}, {Type::makeTensor(bt.dtype, {rows, cols})}, loc)};
  };
  // Shape tests, known at compile time where the extents are.
  auto shapeTest = [&m](const char *nm, std::function<TValue(Tracer &, const std::vector<Dim> &, const SourceLoc &)> f) {
    std::string name = nm;
    m[name] = [name, f](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity(name, a, 1, 1, loc);
      oneOutput(name, nargout, loc);
      std::vector<Dim> s = a[0].isText() ? std::vector<Dim>{Dim::constant(1), Dim::constant((int64_t)a[0].text.size())}
                                         : t.shapeOf(a[0]);
      return {t.castTo(f(t, s, loc), DType::Logical, loc)};
    };
  };
  auto is1 = [](Tracer &t, const Dim &d, const SourceLoc &loc) { return t.binaryOp("eq", t.dimValue(d), one(), loc); };
  auto both = [](Tracer &t, const TValue &p, const TValue &q, const SourceLoc &loc) { return t.binaryOp("and", p, q, loc); };
  shapeTest("isscalar", [=](Tracer &t, const std::vector<Dim> &s, const SourceLoc &loc) {
    TValue r = TValue::constant(1, DType::Logical);
    for (const Dim &d : s) r = both(t, r, is1(t, d, loc), loc);
    return r;
  });
  shapeTest("isrow", [=](Tracer &t, const std::vector<Dim> &s, const SourceLoc &loc) {
    return s.size() == 2 ? is1(t, s[0], loc) : TValue::constant(0, DType::Logical);
  });
  shapeTest("iscolumn", [=](Tracer &t, const std::vector<Dim> &s, const SourceLoc &loc) {
    return s.size() == 2 ? is1(t, s[1], loc) : TValue::constant(0, DType::Logical);
  });
  shapeTest("isvector", [=](Tracer &t, const std::vector<Dim> &s, const SourceLoc &loc) {
    if (s.size() != 2) return TValue::constant(0, DType::Logical);
    TValue n = t.binaryOp("times", t.dimValue(s[0]), t.dimValue(s[1]), loc);
    return both(t, t.binaryOp("or", is1(t, s[0], loc), is1(t, s[1], loc), loc), t.binaryOp("ge", n, one(), loc), loc);
  });
  shapeTest("ismatrix", [](Tracer &, const std::vector<Dim> &s, const SourceLoc &) {
    return TValue::constant(s.size() == 2, DType::Logical);
  });
  shapeTest("issquare", [](Tracer &t, const std::vector<Dim> &s, const SourceLoc &loc) {
    return s.size() == 2 ? t.binaryOp("eq", t.dimValue(s[0]), t.dimValue(s[1]), loc) : TValue::constant(0, DType::Logical);
  });
  m["sort"] = sortBuiltin;
  m["cumsum"] = [](Tracer &t, Args &a, int n, const SourceLoc &loc) { return scanBuiltin(t, "cumsum", a, n, loc); };
  m["cumprod"] = [](Tracer &t, Args &a, int n, const SourceLoc &loc) { return scanBuiltin(t, "cumprod", a, n, loc); };
  // tic starts the run's stopwatch (t = tic also gives its start); toc gives
  // the seconds since, or prints them when not assigned; toc(t) measures
  // from t.
  m["tic"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("tic", a, 0, 0, loc);
    oneOutput("tic", nargout, loc);
    std::vector<TValue> start = libraryCall(t, "tic", {}, {}, {Type::makeTensor(DType::Double, {Dim::constant(1), Dim::constant(1)})}, loc);
    if (nargout == 0) return {};
    return {t.toHostScalar(start[0], loc, "the start of tic")};
  };
  m["toc"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("toc", a, 0, 1, loc);
    oneOutput("toc", nargout, loc);
    Type one1 = Type::makeTensor(DType::Double, {Dim::constant(1), Dim::constant(1)});
    TValue seconds;
    if (a.empty()) {
      seconds = t.toHostScalar(libraryCall(t, "toc", {}, {}, {one1}, loc)[0], loc, "toc");
    } else {
      TValue now = t.toHostScalar(libraryCall(t, "clock", {}, {}, {one1}, loc)[0], loc, "the clock");
      seconds = t.binaryOp("minus", now, t.toHostScalar(a[0], loc, "the start given to toc"), loc);
    }
    if (nargout > 0) return {seconds};
    t.emit("fprintf", {t.materialize(seconds, loc)}, {trace::Attr{"format", std::string("Elapsed time is %g seconds.\\n")}},
           {}, loc);
    return {};
  };
}

} // namespace runmat::frontend::builtins
