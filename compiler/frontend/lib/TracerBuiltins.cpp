// Tracer: builtin functions. Each is complete in the call forms listed in
// docs/language.md, or refuses a form with a message naming it.
#include "Builtins.h"

#include "ConstEval.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <set>

namespace runmat::frontend {

namespace builtins {

void arity(const std::string &name, const Args &a, size_t lo, size_t hi, const SourceLoc &loc) {
  if (a.size() < lo || a.size() > hi) {
    std::string want = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
    throw CompileError(loc, name + " takes " + want + " argument" + (hi == 1 ? "" : "s") + ", got " +
                                std::to_string(a.size()));
  }
}

void oneOutput(const std::string &name, int nargout, const SourceLoc &loc) {
  if (nargout > 1) throw CompileError(loc, name + " returns one value, not " + std::to_string(nargout));
}

bool isText(const TValue &v, const char *s) { return v.isText() && v.text == s; }

bool isEmptyMatrix(const TValue &v) {
  return v.isConst() && v.numel() == 0 && v.dims == std::vector<int64_t>{0, 0};
}

// Size arguments of zeros/ones/rand/randn/Inf/NaN/true/false: (), (n), (m, n, ...),
// ([m n ...]), with a class name or 'like', X at the end.
std::vector<Dim> sizeArgs(Tracer &t, const std::string &name, Args &args, const SourceLoc &loc, DType &dtype,
                          bool allowLogical) {
  size_t nNumeric = 0;
  while (nNumeric < args.size() && !args[nNumeric].isText()) ++nNumeric;
  for (size_t i = nNumeric; i < args.size(); ++i) {
    const TValue &a = args[i];
    if (!a.isText())
      throw CompileError(loc, name + ": size arguments must come before the class name");
    if (a.text == "like") {
      if (i + 1 >= args.size()) throw CompileError(loc, name + ": 'like' needs a value after it");
      dtype = args[i + 1].dtype;
      ++i;
    } else if (a.text == "double" || a.text == "single" || (allowLogical && a.text == "logical")) {
      dtype = *trace::parseDType(a.text);
    } else {
      throw CompileError(loc, name + ": unsupported option '" + a.text + "' (use 'double', 'single'" +
                                  (allowLogical ? ", 'logical'" : "") + " or 'like', X)");
    }
  }
  std::vector<Dim> dims;
  if (nNumeric == 0) {
    dims = {Dim::constant(1), Dim::constant(1)};
  } else if (nNumeric == 1) {
    const TValue &a = args[0];
    if (a.isConst() && a.numel() != 1) {
      if (a.numel() < 2 || (a.dims[0] != 1 && a.dims[1] != 1))
        throw CompileError(loc, name + ": a size vector needs at least two elements");
      for (double v : a.data) dims.push_back(t.toDim(TValue::constant(v), loc, "a size"));
    } else if (a.isRuntime() && !a.elements.empty()) {
      for (const TValue &e : a.elements) dims.push_back(t.toDim(e, loc, "a size"));
    } else if (a.isRuntime() && !a.isScalarLike()) {
      throw CompileError(loc, name + ": a size vector computed at run time is not supported; pass the extents "
                                     "as separate arguments");
    } else {
      Dim d = t.toDim(a, loc, "a size");
      dims = {d, d};
    }
  } else {
    for (size_t i = 0; i < nNumeric; ++i) dims.push_back(t.toDim(args[i], loc, "a size"));
  }
  while (dims.size() > 2 && dims.back().isOne()) dims.pop_back();
  return dims;
}

// Reduction dims from (x), (x, dim), (x, [dims]), (x, 'all').
std::vector<int64_t> reductionDims(Tracer &t, const std::string &name, const TValue &x, const TValue *spec,
                                   const SourceLoc &loc) {
  if (!spec) return {t.defaultReductionDim(x, loc)};
  if (spec->isText()) {
    if (spec->text != "all")
      throw CompileError(loc, name + ": option '" + spec->text + "' is not supported (only 'all')");
    std::vector<int64_t> all;
    size_t rank = t.shapeOf(x).size();
    for (size_t d = 1; d <= rank; ++d) all.push_back((int64_t)d);
    return all;
  }
  if (!spec->isConst())
    throw CompileError(loc, name + ": the dimension must be known at compile time");
  std::vector<int64_t> dims;
  for (double v : spec->data) {
    if (v < 1 || v != std::floor(v))
      throw CompileError(loc, name + ": dimensions must be positive integers");
    dims.push_back((int64_t)v);
  }
  if (dims.empty()) throw CompileError(loc, name + ": the dimension list is empty");
  return dims;
}

// sum, prod, mean, any and all of [] (0 x 0, known at compile time)
// reduce it whole, as MATLAB does (sum([]) is 0, mean([]) NaN), not along
// its first dimension (which would give a 1 x 0 result).
std::vector<int64_t> wholeOrReductionDims(Tracer &t, const std::string &name, const TValue &x, const TValue *spec,
                                          const SourceLoc &loc) {
  std::vector<Dim> shape = t.shapeOf(x);
  if (!spec && shape.size() == 2 && shape[0] == Dim::constant(0) && shape[1] == Dim::constant(0)) return {1, 2};
  return reductionDims(t, name, x, spec, loc);
}

// sum, prod and mean, with their trailing options: the output class
// ('default', 'double', 'native') and NaN handling ('includenan').
std::vector<TValue> reduction(Tracer &t, const std::string &name, const std::string &op, Args &a, int nargout,
                              const SourceLoc &loc) {
  std::string outClass = "default";
  bool omitNaN = false;
  while (a.size() > 1 && a.back().isText() && a.back().text != "all") {
    const std::string &o = a.back().text;
    if (o == "omitnan") {
      if (op == "prod") throw CompileError(loc, "prod(..., 'omitnan') is not supported by runmatc");
      omitNaN = true;
    } else if (o == "default" || o == "double" || o == "native") outClass = o;
    else if (o != "includenan")
      throw CompileError(loc, name + ": option '" + o + "' is not supported (all, default, double, native, includenan)");
    a.pop_back();
  }
  arity(name, a, 1, 2, loc);
  oneOutput(name, nargout, loc);
  TValue x = a[0];
  DType in = t.typeOf(x).dtype;
  if (outClass == "double") x = t.castTo(x, DType::Double, loc);
  if (outClass == "native" && in == DType::Logical)
    throw CompileError(loc, name + "(logical, 'native') is not supported by runmatc; use 'double'");
  // 'native' keeps single single and double double: the default rule for
  // floating-point input, so it changes nothing else.
  std::vector<int64_t> dims = wholeOrReductionDims(t, name, x, a.size() > 1 ? &a[1] : nullptr, loc);
  if (omitNaN && !x.isText() && t.typeOf(x).dtype != DType::Logical) {
    // NaN counts as nothing: max(x, 0) + min(x, 0) is x, and 0 for NaN
    // (max and min ignore NaN); the mean divides by the non-NaN count.
    TValue zero = TValue::constant(0);
    TValue clean = t.binaryOp("plus", t.binaryOp("max", x, zero, loc), t.binaryOp("min", x, zero, loc), loc);
    TValue total = t.reduceOp("sum", clean, dims, loc);
    if (op == "sum") return {total};
    TValue count = t.reduceOp("sum", t.binaryOp("eq", x, x, loc), dims, loc);
    return {t.binaryOp("rdivide", total, t.castTo(count, t.typeOf(total).dtype, loc), loc)};
  }
  return {t.reduceOp(op, x, dims, loc)};
}

std::vector<TValue> maxMin(Tracer &t, const std::string &name, Args &a, int nargout, const SourceLoc &loc) {
  arity(name, a, 1, 3, loc);
  if (nargout > 2) throw CompileError(loc, name + " returns at most two values");
  if (a.size() == 2) {
    if (nargout > 1)
      throw CompileError(loc, "[m, i] = " + name + "(X, Y) is not valid: two arrays compared have no index output");
    return {t.binaryOp(name, a[0], a[1], loc)};
  }
  const TValue *spec = nullptr;
  if (a.size() == 3) {
    if (!isEmptyMatrix(a[1]))
      throw CompileError(loc, name + "(X, Y, dim): the second argument must be [] to reduce along dim");
    spec = &a[2];
  }
  std::vector<int64_t> dims = reductionDims(t, name, a[0], spec, loc);
  TValue m = t.reduceOp(name == "max" ? "reduce_max" : "reduce_min", a[0], dims, loc);
  if (nargout <= 1) return {m};
  if (dims.size() != 1)
    throw CompileError(loc, "[m, i] = " + name + "(X, [], 'all' or several dims) is not supported by runmatc");
  return extremeWithIndex(t, a[0], m, dims[0], loc);
}

int64_t dimArgument(const std::string &name, const TValue &v, const SourceLoc &loc) {
  if (!v.isConstScalar()) throw CompileError(loc, name + ": the dimension must be a number known at compile time");
  double d = v.scalar();
  if (d < 1 || d != std::floor(d)) throw CompileError(loc, name + ": the dimension must be a positive integer");
  return (int64_t)d;
}

std::vector<TValue> libraryCall(Tracer &t, const std::string &fn, const std::vector<TValue> &operands,
                                std::vector<int64_t> options, const std::vector<Type> &results, const SourceLoc &loc) {
  std::vector<std::string> ids;
  for (const TValue &v : operands) ids.push_back(t.materializeTensor(v, loc));
  std::vector<trace::Attr> attrs = {trace::Attr{"fn", fn}};
  if (!options.empty()) attrs.push_back(trace::Attr{"options", options});
  return t.emit("library", ids, attrs, results, loc);
}

std::vector<TValue> unaryFn(Tracer &t, const std::string &name, Args &a, int nargout, const SourceLoc &loc) {
  arity(name, a, 1, 1, loc);
  oneOutput(name, nargout, loc);
  return {t.unaryOp(name, a[0], loc)};
}

std::vector<TValue> binaryFn(Tracer &t, const std::string &op, const std::string &name, Args &a, int nargout,
                             const SourceLoc &loc) {
  arity(name, a, 2, 2, loc);
  oneOutput(name, nargout, loc);
  return {t.binaryOp(op, a[0], a[1], loc)};
}

std::vector<TValue> fill(Tracer &t, const std::string &name, Args &a, const SourceLoc &loc, double value,
                         DType dtype, bool allowLogical) {
  if (a.empty()) return {TValue::constant(value, dtype)};
  std::vector<Dim> dims = sizeArgs(t, name, a, loc, dtype, allowLogical);
  return {t.emit1("const", {}, {trace::Attr{"value", TValue::round(value, dtype)}}, {Type::makeTensor(dtype, dims)}, loc)};
}

std::string escapeFormat(const std::string &text) { return escapeForPrintFormat(text); }

// Text arguments of fprintf are placed into the format where they meet a %s
// conversion in its first pass (the run time prints numbers only). Each
// argument before them must be one element, so that the pairing is known.
std::string substituteTextArguments(const std::string &format, std::vector<TValue> &args, const SourceLoc &loc) {
  bool anyText = false;
  for (const TValue &v : args) anyText |= v.isText() || v.isFormat() || v.isEnvText();
  if (!anyText) return format;
  std::string out;
  size_t arg = 0;
  std::vector<TValue> kept;
  for (size_t p = 0; p < format.size(); ++p) {
    if (format[p] != '%') {
      out += format[p];
      continue;
    }
    if (p + 1 < format.size() && format[p + 1] == '%') {
      out += "%%";
      ++p;
      continue;
    }
    size_t q = p + 1;
    while (q < format.size() && std::strchr("-+ #0123456789.*", format[q])) ++q;
    if (q >= format.size()) {
      out += format.substr(p);
      break;
    }
    std::string spec = format.substr(p, q - p + 1);
    if (arg < args.size() && (args[arg].isText() || args[arg].isFormat() || args[arg].isEnvText())) {
      if (format[q] != 's' || spec.size() != 2)
        throw CompileError(loc, "fprintf: a text argument must meet a plain %s conversion");
      if (args[arg].isEnvText()) {
        // Read when the text is printed (the shim expands the directive).
        out += encodeEnvDirective(args[arg].env);
      } else if (args[arg].isFormat()) {
        // Text built at run time: its format and numbers go in its place.
        out += args[arg].text;
        kept.insert(kept.end(), args[arg].formatArgs.begin(), args[arg].formatArgs.end());
      } else {
        out += escapeFormat(args[arg].text);
      }
    } else {
      if (arg < args.size()) {
        if (!args[arg].isScalarLike())
          throw CompileError(loc, "fprintf: text arguments after an array argument are not supported by runmatc");
        kept.push_back(args[arg]);
      }
      out += spec;
    }
    ++arg;
    p = q;
  }
  for (; arg < args.size(); ++arg) {
    if (args[arg].isText() || args[arg].isFormat())
      throw CompileError(loc, "fprintf: this text argument has no %s conversion to go to");
    kept.push_back(args[arg]);
  }
  args = std::move(kept);
  return out;
}

namespace {

const Table &table() {
  static const Table t = [] {
    Table m;
    addArrayBuiltins(m);
    addLinearAlgebraBuiltins(m);
    addTextBuiltins(m);
    // -- creation
    for (const char *nm : {"zeros", "ones"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
        oneOutput(name, nargout, loc);
        DType dt = DType::Double;
        std::vector<Dim> dims = sizeArgs(t, name, a, loc, dt, true);
        return {t.emit1(name, {}, {}, {Type::makeTensor(dt, dims)}, loc)};
      };
    }
    for (const char *nm : {"rand", "randn"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
        oneOutput(name, nargout, loc);
        DType dt = DType::Double;
        std::vector<Dim> dims = sizeArgs(t, name, a, loc, dt, false);
        // One number is a host scalar: a scalar loop that draws stays on the
        // host instead of launching a kernel per draw.
        bool one = std::all_of(dims.begin(), dims.end(), [](const Dim &d) { return d.isOne(); });
        return {t.emit1(name, {}, {}, {one ? Type::makeScalar(dt) : Type::makeTensor(dt, dims)}, loc)};
      };
    }
    m["Inf"] = m["inf"] = [](Tracer &t, Args &a, int, const SourceLoc &loc) {
      return fill(t, "Inf", a, loc, INFINITY, DType::Double, false);
    };
    m["NaN"] = m["nan"] = [](Tracer &t, Args &a, int, const SourceLoc &loc) {
      return fill(t, "NaN", a, loc, NAN, DType::Double, false);
    };
    m["true"] = [](Tracer &t, Args &a, int, const SourceLoc &loc) {
      return fill(t, "true", a, loc, 1, DType::Logical, false);
    };
    m["false"] = [](Tracer &t, Args &a, int, const SourceLoc &loc) {
      return fill(t, "false", a, loc, 0, DType::Logical, false);
    };
    m["pi"] = [](Tracer &, Args &a, int, const SourceLoc &loc) -> std::vector<TValue> {
      arity("pi", a, 0, 0, loc);
      return {TValue::constant(M_PI)};
    };
    m["eps"] = [](Tracer &, Args &a, int, const SourceLoc &loc) -> std::vector<TValue> {
      arity("eps", a, 0, 1, loc);
      if (a.empty() || isText(a[0], "double")) return {TValue::constant(DBL_EPSILON)};
      if (isText(a[0], "single")) return {TValue::constant(FLT_EPSILON, DType::Single)};
      throw CompileError(loc, "eps(X) (the spacing at X) is not supported by runmatc; use eps or eps('single')");
    };
    m["linspace"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("linspace", a, 2, 3, loc);
      oneOutput("linspace", nargout, loc);
      TValue lo = t.toHostScalar(a[0], loc, "the start of linspace");
      TValue hi = t.toHostScalar(a[1], loc, "the end of linspace");
      Dim n = a.size() == 3 ? t.toDim(a[2], loc, "the number of points") : Dim::constant(100);
      DType dt = lo.dtype == DType::Single || hi.dtype == DType::Single ? DType::Single : DType::Double;
      return {t.emit1("linspace", {t.materialize(lo, loc), t.materialize(hi, loc)}, {},
                      {Type::makeTensor(dt, {Dim::constant(1), n})}, loc)};
    };
    m["colon"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("colon", a, 2, 3, loc);
      oneOutput("colon", nargout, loc);
      if (a.size() == 2) return {t.rangeValue(a[0], TValue::constant(1), a[1], loc)};
      return {t.rangeValue(a[0], a[1], a[2], loc)};
    };
    // -- conversions
    for (const char *nm : {"double", "single", "logical"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
        arity(name, a, 1, 1, loc);
        oneOutput(name, nargout, loc);
        return {t.castTo(a[0], *trace::parseDType(name), loc)};
      };
    }
    // -- elementwise
    for (const char *nm : {"sqrt", "exp", "log", "abs", "sin", "cos", "tan", "tanh", "floor", "ceil", "sign", "log1p",
                           "expm1", "atan", "asin", "acos", "sinh", "cosh"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) {
        return unaryFn(t, name, a, nargout, loc);
      };
    }
    m["round"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) {
      if (a.size() > 1) throw CompileError(loc, "round(X, N) is not supported by runmatc; use round(X)");
      return unaryFn(t, "round", a, nargout, loc);
    };
    m["uminus"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) {
      return unaryFn(t, "uminus", a, nargout, loc);
    };
    m["not"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) { return unaryFn(t, "not", a, nargout, loc); };
    // isnan, isinf, isfinite as comparisons (NaN is the one value unequal to
    // itself; |x| against Inf, which NaN fails both ways).
    m["isnan"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("isnan", a, 1, 1, loc);
      oneOutput("isnan", nargout, loc);
      return {t.binaryOp("ne", a[0], a[0], loc)};
    };
    for (const char *nm : {"isinf", "isfinite"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
        arity(name, a, 1, 1, loc);
        oneOutput(name, nargout, loc);
        return {t.binaryOp(name == "isinf" ? "eq" : "lt", t.unaryOp("abs", a[0], loc), TValue::constant(INFINITY), loc)};
      };
    }
    for (const char *nm : {"plus", "minus", "times", "rdivide", "power", "mod", "rem", "atan2", "hypot", "eq", "ne",
                           "lt", "le", "gt", "ge", "and", "or"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) {
        return binaryFn(t, name, name, a, nargout, loc);
      };
    }
    m["ldivide"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("ldivide", a, 2, 2, loc);
      oneOutput("ldivide", nargout, loc);
      return {t.binaryOp("rdivide", a[1], a[0], loc)};
    };
    m["max"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) { return maxMin(t, "max", a, nargout, loc); };
    m["min"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) { return maxMin(t, "min", a, nargout, loc); };
    // -- reductions
    m["sum"] = [](Tracer &t, Args &a, int n, const SourceLoc &loc) { return reduction(t, "sum", "sum", a, n, loc); };
    // dot(a, b[, dim]) of real vectors or along dim: sum(a .* b, dim).
    m["dot"] = [](Tracer &t, Args &a, int n, const SourceLoc &loc) -> std::vector<TValue> {
      arity("dot", a, 2, 3, loc);
      oneOutput("dot", n, loc);
      std::vector<Dim> sa = t.shapeOf(a[0]), sb = t.shapeOf(a[1]);
      TValue x = a[0], y = a[1];
      if (a.size() == 2) {
        auto isVector = [](const std::vector<Dim> &s) { return s.size() == 2 && (s[0].isOne() || s[1].isOne()); };
        // Two vectors of any orientation: their dot product.
        if (isVector(sa) && isVector(sb) && sa != sb) {
          x = t.reshapeTo(x, {t.numelValue(x, loc).isConst() ? Dim::constant((int64_t)t.numelValue(x, loc).scalar())
                                                             : t.toDim(t.numelValue(x, loc), loc, "a length"),
                              Dim::constant(1)}, loc);
          y = t.reshapeTo(y, t.shapeOf(x), loc);
        }
      } else if (sa != sb) {
        throw CompileError(loc, "dot: the arrays must have the same size");
      }
      Args r = {t.binaryOp("times", x, y, loc)};
      if (a.size() == 3) r.push_back(a[2]);
      return reduction(t, "dot", "sum", r, 1, loc);
    };
    m["prod"] = [](Tracer &t, Args &a, int n, const SourceLoc &loc) { return reduction(t, "prod", "prod", a, n, loc); };
    m["mean"] = [](Tracer &t, Args &a, int n, const SourceLoc &loc) { return reduction(t, "mean", "mean", a, n, loc); };
    // var and std in two passes, as MATLAB computes them: the mean, then the
    // sum of squared deviations over n - 1 points (n with weight 1; 1 when
    // n is 1; NaN for no points). Forms (X), (X, w), (X, w, dim), w 0, 1 or [].
    for (const char *nm : {"var", "std"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
        arity(name, a, 1, 3, loc);
        oneOutput(name, nargout, loc);
        bool byN = false;
        if (a.size() >= 2 && !(a[1].isConst() && a[1].numel() == 0)) {
          if (!a[1].isConstScalar() || (a[1].scalar() != 0 && a[1].scalar() != 1))
            throw CompileError(loc, name + ": the weight must be 0, 1 or [] (weight vectors are not supported)");
          byN = a[1].scalar() == 1;
        }
        std::vector<int64_t> dims = wholeOrReductionDims(t, name, a[0], a.size() == 3 ? &a[2] : nullptr, loc);
        std::vector<Dim> shape = t.shapeOf(a[0]);
        TValue n = TValue::constant(1);
        for (int64_t d : dims)
          if ((size_t)d <= shape.size()) n = t.binaryOp("times", n, t.dimValue(shape[(size_t)d - 1]), loc);
        TValue deviation = t.binaryOp("minus", a[0], t.reduceOp("mean", a[0], dims, loc), loc);
        TValue squares = t.reduceOp("sum", t.binaryOp("times", deviation, deviation, loc), dims, loc);
        TValue denominator =
            byN ? n
                : t.binaryOp("max", t.binaryOp("minus", n, TValue::constant(1), loc),
                             t.binaryOp("min", n, TValue::constant(1), loc), loc);
        TValue v = t.binaryOp("rdivide", squares, denominator, loc);
        return {name == "std" ? t.unaryOp("sqrt", v, loc) : v};
      };
    }
    // any and all as counts: any(X) is sum(abs(X) > 0) > 0 and all(X) is
    // sum(X == 0) == 0 over the same dimensions (any of nothing is false,
    // all of nothing true).
    for (const char *nm : {"any", "all"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
        arity(name, a, 1, 2, loc);
        oneOutput(name, nargout, loc);
        bool any = name == "any";
        if (a.size() == 1 && !a[0].elements.empty()) {
          // A vector of host scalars (strcmp against a cell): folded on the host.
          TValue acc = TValue::constant(any ? 0 : 1, DType::Logical);
          for (const TValue &e : a[0].elements)
            acc = t.binaryOp(any ? "or" : "and", acc,
                             any ? t.binaryOp("gt", t.unaryOp("abs", e, loc), TValue::constant(0), loc)
                                 : t.binaryOp("ne", e, TValue::constant(0), loc),
                             loc);
          return {acc};
        }
        // any ignores NaN (|NaN| > 0 is false); all counts zeros (NaN is not).
        TValue hits = any ? t.binaryOp("gt", t.unaryOp("abs", a[0], loc), TValue::constant(0), loc)
                          : t.binaryOp("eq", a[0], TValue::constant(0), loc);
        TValue count =
            t.reduceOp("sum", hits, wholeOrReductionDims(t, name, hits, a.size() > 1 ? &a[1] : nullptr, loc), loc);
        return {t.binaryOp(any ? "gt" : "eq", count, TValue::constant(0), loc)};
      };
    }
    // -- linear algebra
    m["mtimes"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("mtimes", a, 2, 2, loc);
      oneOutput("mtimes", nargout, loc);
      if (a[0].isScalarLike() || a[1].isScalarLike()) return {t.binaryOp("times", a[0], a[1], loc)};
      return {t.mtimesOp(a[0], a[1], loc)};
    };
    for (const char *nm : {"transpose", "ctranspose"}) {
      std::string name = nm;
      m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
        arity(name, a, 1, 1, loc);
        oneOutput(name, nargout, loc);
        return {t.transposeOp(a[0], loc)};
      };
    }
    m["qr"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("qr", a, 1, 2, loc);
      bool econ = a.size() == 2 && (isText(a[1], "econ") || (a[1].isConstScalar() && a[1].scalar() == 0));
      if (!econ)
        throw CompileError(loc, "qr(X) in its full form is not supported by runmatc; use qr(X, 'econ') or qr(X, 0)");
      if (nargout > 2)
        throw CompileError(loc, "the permutation output of qr is not supported by runmatc");
      const TValue &x = a[0];
      if (x.isText()) throw CompileError(loc, "qr needs a numeric matrix");
      Type xt = t.typeOf(x);
      if (xt.scalar || xt.rank() != 2) throw CompileError(loc, "qr needs a 2-D matrix, got " + t.shapeText(xt));
      std::string id = t.materialize(x, loc);
      if (xt.dtype == DType::Logical) {
        TValue d = t.castTo(TValue::runtime(id, xt), DType::Double, loc);
        id = d.id;
        xt = d.type;
      }
      Dim m = xt.shape[0], n = xt.shape[1];
      Dim r = t.toDim(t.binaryOp("min", t.dimValue(m), t.dimValue(n), loc), loc, "the rank bound of qr");
      std::vector<TValue> qrv = t.emit("qr_econ", {id}, {},
                                       {Type::makeTensor(xt.dtype, {m, r}), Type::makeTensor(xt.dtype, {r, n})}, loc);
      if (nargout <= 1) return {qrv[1]}; // R = qr(X, 0), as MATLAB
      return qrv;
    };
    m["diag"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("diag", a, 1, 2, loc);
      oneOutput("diag", nargout, loc);
      if (a.size() == 2 && !(a[1].isConstScalar() && a[1].scalar() == 0))
        throw CompileError(loc, "diag(X, k) with k other than 0 is not supported by runmatc");
      const TValue &x = a[0];
      if (x.isText()) throw CompileError(loc, "diag needs a numeric value");
      if (x.isConst()) {
        if (x.dims.size() > 2) throw CompileError(loc, "diag needs a vector or a 2-D matrix");
        int64_t r = x.dims[0], c = x.dims[1];
        if (r == 1 || c == 1) {
          int64_t n = r * c;
          std::vector<double> out((size_t)(n * n), 0.0);
          for (int64_t i = 0; i < n; ++i) out[(size_t)(i + i * n)] = x.data[(size_t)i];
          return {TValue::constArray({n, n}, out, x.dtype)};
        }
        int64_t n = std::min(r, c);
        std::vector<double> out((size_t)n);
        for (int64_t i = 0; i < n; ++i) out[(size_t)i] = x.data[(size_t)(i + i * r)];
        return {TValue::constArray({n, 1}, out, x.dtype)};
      }
      if (x.isHostScalar()) return {x};
      Type xt = x.type;
      if (xt.rank() != 2) throw CompileError(loc, "diag needs a vector or a 2-D matrix");
      Dim r = xt.shape[0], c = xt.shape[1];
      if (r.isOne() || c.isOne()) {
        Dim n = r.isOne() ? c : r;
        return {t.emit1("diag", {x.id}, {}, {Type::makeTensor(xt.dtype, {n, n})}, loc)};
      }
      if (r != c && (!r.isConstant() || !c.isConstant())) {
        // A symbolic matrix might be a vector at run time, where diag builds a matrix.
        TValue one = TValue::constant(1);
        TValue isMatrix = t.binaryOp("and", t.binaryOp("ne", t.dimValue(r), one, loc),
                                     t.binaryOp("ne", t.dimValue(c), one, loc), loc);
        TValue isScalar = t.binaryOp("and", t.binaryOp("eq", t.dimValue(r), one, loc),
                                     t.binaryOp("eq", t.dimValue(c), one, loc), loc);
        t.emitCheck(t.binaryOp("or", isMatrix, isScalar, loc),
                    "diag: the argument is a vector at run time, but runmatc compiled the matrix form "
                    "(diagonal of a matrix)", loc);
      }
      Dim n = t.toDim(t.binaryOp("min", t.dimValue(r), t.dimValue(c), loc), loc, "the diagonal length");
      return {t.emit1("diag", {x.id}, {}, {Type::makeTensor(xt.dtype, {n, Dim::constant(1)})}, loc)};
    };
    m["reshape"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      if (a.size() < 2) throw CompileError(loc, "reshape needs the value and its new size");
      oneOutput("reshape", nargout, loc);
      const TValue &x = a[0];
      std::vector<TValue> parts;
      if (a.size() == 2) {
        const TValue &s = a[1];
        if (s.isConst() && s.numel() >= 2)
          for (double v : s.data) parts.push_back(TValue::constant(v));
        else if (s.isRuntime() && !s.elements.empty())
          parts = s.elements;
        else
          throw CompileError(loc, "reshape(X, SZ) needs a size vector with at least two elements");
      } else {
        parts.assign(a.begin() + 1, a.end());
      }
      int inferred = -1;
      std::vector<Dim> dims(parts.size());
      TValue known = TValue::constant(1);
      for (size_t i = 0; i < parts.size(); ++i) {
        if (isEmptyMatrix(parts[i])) {
          if (inferred >= 0) throw CompileError(loc, "reshape: only one size may be []");
          inferred = (int)i;
          continue;
        }
        dims[i] = t.toDim(parts[i], loc, "a size");
        known = t.binaryOp("times", known, t.dimValue(dims[i]), loc);
      }
      if (inferred >= 0) {
        TValue total = t.numelValue(x, loc);
        TValue q = t.binaryOp("rdivide", total, known, loc);
        if (q.isConst() && q.scalar() != std::floor(q.scalar()))
          throw CompileError(loc, "reshape: the number of elements is not divisible by the given sizes");
        dims[(size_t)inferred] = t.toDim(q, loc, "the inferred size");
      }
      return {t.reshapeTo(x, dims, loc)};
    };
    // -- sizes
    m["size"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("size", a, 1, 2, loc);
      std::vector<Dim> shape = t.shapeOf(a[0]);
      if (a.size() == 2) {
        oneOutput("size", nargout, loc);
        if (!a[1].isConstScalar()) throw CompileError(loc, "size(X, dim): dim must be a constant");
        double d = a[1].scalar();
        if (d < 1 || d != std::floor(d)) throw CompileError(loc, "size(X, dim): dim must be a positive integer");
        return {d <= (double)shape.size() ? t.dimValue(shape[(size_t)d - 1]) : TValue::constant(1)};
      }
      if (nargout <= 1) {
        std::vector<TValue> parts;
        for (const Dim &d : shape) parts.push_back(t.dimValue(d));
        return {t.concatOp(2, parts, loc)};
      }
      std::vector<TValue> out;
      for (int k = 0; k < nargout; ++k) {
        if (k + 1 < nargout) {
          out.push_back((size_t)k < shape.size() ? t.dimValue(shape[(size_t)k]) : TValue::constant(1));
        } else {
          TValue rest = TValue::constant(1);
          for (size_t d = (size_t)k; d < shape.size(); ++d) rest = t.binaryOp("times", rest, t.dimValue(shape[d]), loc);
          out.push_back(rest);
        }
      }
      return out;
    };
    m["find"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      if (a.size() != 1)
        throw CompileError(loc, "find(x, k) and find(x, k, direction) are not supported by runmatc; use find(x)");
      if (nargout > 1) throw CompileError(loc, "[row, col] = find(x) is not supported by runmatc; use find(x)");
      if (a[0].isText()) throw CompileError(loc, "find of text is not supported by runmatc");
      // The positions of the nonzeros: a row for a row vector, else a column.
      TValue at = t.positionsOf(a[0], loc);
      std::vector<Dim> s = t.shapeOf(a[0]);
      if (s.size() == 2 && s[0].isOne()) at = t.reshapeTo(at, {Dim::constant(1), t.shapeOf(at)[0]}, loc);
      return {at};
    };
    // Functions are traced per call, so a call's argument counts are known.
    for (bool in : {true, false}) {
      std::string name = in ? "nargin" : "nargout";
      m[name] = [name, in](Tracer &t, Args &a, int, const SourceLoc &loc) -> std::vector<TValue> {
        arity(name, a, 0, 0, loc);
        const std::pair<int, int> *counts = t.argCounts();
        if (!counts) throw CompileError(loc, "'" + name + "' is only valid inside a function");
        return {TValue::constant(in ? counts->first : counts->second)};
      };
    }
    // error(message) or error(id, message): the program stops there at run
    // time, with the message (a check that always fails).
    m["error"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      if (nargout > 0) throw CompileError(loc, "error gives no value");
      // error(message), error(id, message) or error([id,] format, args...):
      // an id is text with a colon and no spaces, followed by more arguments.
      size_t first = a.size() >= 2 && a[0].isText() && a[0].text.find(':') != std::string::npos &&
                             a[0].text.find(' ') == std::string::npos
                         ? 1
                         : 0;
      if (first >= a.size() || !a[first].isText())
        throw CompileError(loc, "error needs a message text (error('message') or error('id:part', 'format', ...))");
      if (first + 1 == a.size()) { // one text: not a format, as in MATLAB
        t.failAlways(a[first].text, loc);
        return {};
      }
      std::vector<TValue> rest(a.begin() + (long)first + 1, a.end());
      std::string format = substituteTextArguments(a[first].text, rest, loc);
      std::vector<std::string> ids;
      for (const TValue &v : rest) ids.push_back(t.materialize(v, loc));
      t.emit("fprintf", ids,
             {trace::Attr{"format", format + escapeFormat(" (" + loc.str() + ")")}, trace::Attr{"stop", true}}, {}, loc);
      return {};
    };
    // Octave's print_usage: inside a function, stops the run as a call of it
    // with the wrong arguments.
    m["print_usage"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("print_usage", a, 0, 0, loc);
      if (nargout > 0) throw CompileError(loc, "print_usage gives no value");
      std::string f = t.currentFunction();
      if (f.empty()) throw CompileError(loc, "print_usage: only valid inside functions");
      t.failAlways("Invalid call to " + f, loc);
      return {};
    };
    m["fix"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("fix", a, 1, 1, loc);
      oneOutput("fix", nargout, loc);
      // Round toward zero: sign(x) .* floor(abs(x)).
      return {t.binaryOp("times", t.unaryOp("sign", a[0], loc), t.unaryOp("floor", t.unaryOp("abs", a[0], loc), loc), loc)};
    };
    // switch's case test (Parser.cpp parseSwitch): text equality, or scalar
    // number equality.
    m[".case_match"] = [](Tracer &t, Args &a, int, const SourceLoc &loc) -> std::vector<TValue> {
      const TValue &sw = a.at(0), &v = a.at(1);
      if (sw.isText() || v.isText())
        return {TValue::constant(sw.isText() && v.isText() && sw.text == v.text, DType::Logical)};
      if (!sw.isScalarLike())
        throw CompileError(loc, "switch needs a scalar or a text value, got " + t.shapeText(t.typeOf(sw)));
      if (!v.isScalarLike())
        throw CompileError(loc, "a case value must be a scalar or text (or a {...} list of them)");
      return {t.toHostScalar(t.binaryOp("eq", sw, v, loc), loc, "a case test")};
    };
    m["numel"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("numel", a, 1, 1, loc);
      oneOutput("numel", nargout, loc);
      if (a[0].isEnvText()) return {t.envQuery(a[0], "length", "", loc)};
      return {t.numelValue(a[0], loc)};
    };
    m["length"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("length", a, 1, 1, loc);
      oneOutput("length", nargout, loc);
      if (a[0].isEnvText()) return {t.envQuery(a[0], "length", "", loc)};
      TValue longest = TValue::constant(0);
      for (const Dim &d : t.shapeOf(a[0])) longest = t.binaryOp("max", longest, t.dimValue(d), loc);
      // An empty array has length 0 whatever its other extents.
      TValue nonEmpty = t.binaryOp("gt", t.numelValue(a[0], loc), TValue::constant(0), loc);
      return {t.binaryOp("times", longest, nonEmpty, loc)};
    };
    m["ndims"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("ndims", a, 1, 1, loc);
      oneOutput("ndims", nargout, loc);
      return {TValue::constant((double)t.shapeOf(a[0]).size())};
    };
    // The class is known at compile time (runmatc's values are typed).
    m["class"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("class", a, 1, 1, loc);
      oneOutput("class", nargout, loc);
      if (a[0].isText()) return {TValue::textValue("char")};
      return {TValue::textValue(trace::dtypeName(t.typeOf(a[0]).dtype))};
    };
    m["isempty"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("isempty", a, 1, 1, loc);
      oneOutput("isempty", nargout, loc);
      if (a[0].isEnvText()) return {t.binaryOp("eq", t.envQuery(a[0], "length", "", loc), TValue::constant(0), loc)};
      return {t.binaryOp("eq", t.numelValue(a[0], loc), TValue::constant(0), loc)};
    };
    // -- random numbers
    m["rng"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("rng", a, 1, 2, loc);
      if (nargout > 0) throw CompileError(loc, "reading the generator state (s = rng) is not supported by runmatc");
      TValue seed = a[0];
      if (isText(seed, "default")) seed = TValue::constant(0);
      else if (seed.isText())
        throw CompileError(loc, "rng('" + seed.text + "') is not supported by runmatc; use rng(seed) or rng('default')");
      if (a.size() == 2 && !a[1].isText())
        throw CompileError(loc, "rng(seed, generator): the generator must be a name such as 'twister'");
      // runmatc always uses its counter-based Philox generator, whatever name is given.
      seed = t.toHostScalar(seed, loc, "the seed");
      if (seed.isConst() && (seed.scalar() < 0 || seed.scalar() != std::floor(seed.scalar())))
        throw CompileError(loc, "the seed must be a non-negative integer");
      t.emit("rng", {t.materialize(seed, loc)}, {}, {}, loc);
      return {};
    };
    // -- residency
    m["gpuArray"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("gpuArray", a, 1, 1, loc);
      oneOutput("gpuArray", nargout, loc);
      return {t.emit1("gpu", {t.materialize(a[0], loc)}, {}, {}, loc)};
    };
    m["gather"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("gather", a, 1, 1, loc);
      oneOutput("gather", nargout, loc);
      if (!a[0].isRuntime()) return {a[0]};
      return {t.emit1("gather", {a[0].id}, {}, {}, loc)};
    };
    // -- output
    m["fprintf"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      if (nargout > 0) throw CompileError(loc, "the byte count output of fprintf is not supported by runmatc");
      size_t i = 0;
      if (!a.empty() && a[0].isConstScalar()) {
        if (a[0].scalar() != 1)
          throw CompileError(loc, "fprintf to a file id other than 1 (standard output) is not supported by runmatc");
        i = 1;
      }
      if (i >= a.size() || !(a[i].isText() || a[i].isFormat()))
        throw CompileError(loc, "fprintf needs a format text");
      std::vector<TValue> rest(a.begin() + (long)i + 1, a.end());
      if (a[i].isFormat() && !rest.empty())
        throw CompileError(loc, "fprintf: a format built at run time takes no further arguments");
      std::string format = a[i].isFormat() ? a[i].text : substituteTextArguments(a[i].text, rest, loc);
      if (a[i].isFormat()) rest = a[i].formatArgs;
      std::vector<std::string> ids;
      for (const TValue &v : rest) ids.push_back(t.materialize(v, loc));
      t.emit("fprintf", ids, {trace::Attr{"format", format}}, {}, loc);
      return {};
    };
    m["feval"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      if (a.empty() || !(a[0].isHandle() || a[0].isText()))
        throw CompileError(loc, "feval needs a function handle or a function name first");
      TValue f = a[0];
      std::vector<TValue> rest(a.begin() + 1, a.end());
      if (f.isText()) {
        if (!t.findFunction(f.text) && !t.isBuiltin(f.text))
          throw CompileError(loc, "feval: no function '" + f.text + "' is defined");
        f.kind = VKind::Handle; // a named function
      }
      return t.callHandle(f, std::move(rest), nargout, loc);
    };
    // sprintf and num2str give text built at run time: printed where it
    // is printed (disp, fprintf's %s), joined with other text in [ ].
    m["sprintf"] = [](Tracer &, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      oneOutput("sprintf", nargout, loc);
      if (a.empty() || !a[0].isText()) throw CompileError(loc, "sprintf needs a format text first");
      std::vector<TValue> rest(a.begin() + 1, a.end());
      std::string format = substituteTextArguments(a[0].text, rest, loc);
      for (const TValue &v : rest)
        if (v.isHandle()) throw CompileError(loc, "sprintf cannot format a function handle");
      return {TValue::formatValue(format, rest)};
    };
    m["num2str"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("num2str", a, 1, 2, loc);
      oneOutput("num2str", nargout, loc);
      if (a[0].isText() || a[0].isFormat()) return {a[0]};
      if (!a[0].isScalarLike())
        throw CompileError(loc, "num2str of an array is not supported by runmatc; use sprintf or disp");
      TValue x = t.toHostScalar(a[0], loc, "the number of num2str");
      if (a.size() == 1) return {TValue::formatValue("%N", {x})}; // the shim's num2str rule (Format.cpp)
      if (a[1].isText()) {
        Args f = {a[1], x};
        return t.callBuiltin("sprintf", f, 1, loc);
      }
      int64_t digits = dimArgument("num2str (the precision)", a[1], loc);
      return {TValue::formatValue("%." + std::to_string(digits) + "g", {x})};
    };
    m["int2str"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("int2str", a, 1, 1, loc);
      oneOutput("int2str", nargout, loc);
      if (!a[0].isScalarLike()) throw CompileError(loc, "int2str of an array is not supported by runmatc");
      return {TValue::formatValue("%d", {t.toHostScalar(t.unaryOp("round", a[0], loc), loc, "the number of int2str")})};
    };
    m["printf"] = m["fprintf"]; // Octave's printf: fprintf to standard output
    m["disp"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity("disp", a, 1, 1, loc);
      if (nargout > 0) throw CompileError(loc, "disp returns no value");
      if (a[0].isText()) {
        t.emit("fprintf", {}, {trace::Attr{"format", escapeFormat(a[0].text) + "\\n"}}, {}, loc);
      } else if (a[0].isFormat()) {
        std::vector<std::string> ids;
        for (const TValue &v : a[0].formatArgs) ids.push_back(t.materialize(v, loc));
        // The format repeats while numbers remain; the newline comes once.
        t.emit("fprintf", ids, {trace::Attr{"format", a[0].text}}, {}, loc);
        t.emit("fprintf", {}, {trace::Attr{"format", std::string("\\n")}}, {}, loc);
      } else if (a[0].isEnvText()) {
        t.emit("fprintf", {}, {trace::Attr{"format", encodeEnvDirective(a[0].env) + "\\n"}}, {}, loc);
      } else {
        std::vector<trace::Attr> attrs;
        if (a[0].integerClass() != trace::IntegerClass::None)
          attrs.push_back(trace::Attr{"class", std::string(trace::integerClassName(a[0].integerClass()))});
        t.emit("disp", {t.materialize(a[0], loc)}, attrs, {}, loc);
      }
      return {};
    };
    m["exist"] = [](Tracer &t, Args &a, int, const SourceLoc &loc) -> std::vector<TValue> {
      arity("exist", a, 1, 2, loc);
      if (!a[0].isText() || (a.size() == 2 && !a[1].isText()))
        throw CompileError(loc, "exist needs a name as text");
      bool var = t.hasVariable(a[0].text);
      if (a.size() == 2 && a[1].text == "var") return {TValue::constant(var ? 1 : 0)};
      if (a.size() == 2 && a[1].text != "builtin" && a[1].text != "file")
        throw CompileError(loc, "exist(name, '" + a[1].text + "') is not supported by runmatc");
      if (var) return {TValue::constant(1)};
      if (t.isBuiltin(a[0].text)) return {TValue::constant(5)};
      return {TValue::constant(t.findFunction(a[0].text) ? 2 : 0)};
    };
    return m;
  }();
  return t;
}

} // namespace
} // namespace builtins

bool Tracer::isBuiltin(const std::string &name) const {
  static const std::set<std::string> integerClassFunctions = {"intmax", "intmin", "idivide", "isinteger",
                                                               "isfloat", "isa",    "cast"};
  return builtins::table().count(name) != 0 || integerClassFunctions.count(name) != 0 ||
         trace::parseIntegerClass(name).has_value();
}

std::vector<TValue> Tracer::callBuiltin(const std::string &name, std::vector<TValue> &args, int nargout,
                                        const SourceLoc &loc) {
  // Text built at run time and function handles go only where they mean
  // something; anywhere else (strcmp, numel, ...) they would answer wrongly.
  static const std::set<std::string> takesFormats = {"disp", "fprintf", "printf", "sprintf", "num2str", "char"};
  // Environment text and cell arrays go to the functions that know them.
  static const std::set<std::string> takesEnvText = {"numel", "length", "isempty", "str2double", "str2num", "lower",
                                                     "upper", "strtrim", "strcmp", "strcmpi", "fprintf", "printf",
                                                     "error", "warning", "disp", "ischar", "iscell", "ismember", "char"};
  static const std::set<std::string> takesCells = {"numel", "length", "isempty", "size", "strcmp", "strcmpi",
                                                   "iscell", "ischar", "ismember", "class"};
  for (const TValue &a : args) {
    if (a.isEnvText() && !takesEnvText.count(name))
      throw CompileError(loc, name + ": text read from the environment (getenv('" + a.env.var +
                                  "')) is not a value " + name + " takes in runmatc (numel, isempty, str2double, "
                                  "strcmp, lower, upper, strtrim and printing take it)");
    if (a.isCell() && !takesCells.count(name))
      throw CompileError(loc, name + ": cell arrays are not a value " + name + " takes in runmatc (numel, size, "
                                  "strcmp, ismember and c{i} take them)");
    if (a.isFormat() && !takesFormats.count(name))
      throw CompileError(loc, name + ": text built at run time (sprintf, num2str) can only be printed (disp, fprintf) "
                                     "or joined with other text in [ ]");
    if (a.isHandle() && name != "feval")
      throw CompileError(loc, name + ": a function handle is not a value " + name + " takes (call it, or pass it to "
                                     "a function that calls it)");
  }
  // An array grown from [] at run time is a row, a column or still [] only
  // at run time; the functions that work along its first non-singleton
  // dimension are traced for each case, and the case that holds runs.
  static const std::set<std::string> alongFirstNonSingleton = {
      "sum", "prod", "mean", "max", "min", "any", "all", "cumsum", "cumprod", "std", "var", "sort", "diff"};
  if (args.size() == 1 && nargout <= 1 && alongFirstNonSingleton.count(name) && mayBeEmptyAtRunTime(args[0]))
    return {oneCaseOfOrientation(name, args[0], loc)};
  if (std::optional<std::vector<TValue>> r = integerBuiltin(name, args, nargout, loc)) return *r;
  return callPlainBuiltin(name, args, nargout, loc);
}

TValue Tracer::oneCaseOfOrientation(const std::string &name, const TValue &x, const SourceLoc &loc) {
  std::vector<Dim> shape = x.type.shape;
  auto callAs = [&](std::vector<Dim> as) {
    Type t = x.type;
    t.shape = std::move(as);
    // [] itself where x is empty: what name([]) gives is known now.
    bool empty = t.shape == std::vector<Dim>{Dim::constant(0), Dim::constant(0)} &&
                 x.integerClass() == trace::IntegerClass::None;
    std::vector<TValue> one = {empty ? TValue::constArray({0, 0}, {}, t.dtype)
                                     : TValue::runtime(retype(x.id, t, loc), t)};
    if (std::optional<std::vector<TValue>> r = integerBuiltin(name, one, 1, loc)) return r->at(0);
    return callPlainBuiltin(name, one, 1, loc).at(0);
  };
  TValue rows = dimValue(shape[0]), cols = dimValue(shape[1]), one = TValue::constant(1), zero = TValue::constant(0);
  std::vector<Dim> row = shape, column = shape;
  row[0] = Dim::constant(1);
  column[1] = Dim::constant(1);
  return selectAtRunTime(
      binaryOp("and", binaryOp("eq", rows, zero, loc), binaryOp("eq", cols, zero, loc), loc),
      [&]() { return callAs({Dim::constant(0), Dim::constant(0)}); },
      [&]() {
        return selectAtRunTime(binaryOp("eq", rows, one, loc), [&]() { return callAs(row); },
                               [&]() { return callAs(shape); }, name + "(...)", loc);
      },
      name + "(...)", loc);
}

std::vector<TValue> Tracer::callPlainBuiltin(const std::string &name, std::vector<TValue> &args, int nargout,
                                             const SourceLoc &loc) {
  auto builtin = builtins::table().find(name);
  if (builtin == builtins::table().end())
    throw CompileError(loc, name + ": these arguments are not supported by runmatc (docs/language.md lists the forms)");
  return builtin->second(*this, args, nargout, loc);
}

} // namespace runmat::frontend
