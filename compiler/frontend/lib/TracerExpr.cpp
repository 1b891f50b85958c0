// Tracer: expressions, operators, shapes and indexing.
#include "Builtins.h"

#include "ConstEval.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

namespace runmat::frontend {

namespace {

// Common MATLAB functions runmatc has no builtin for: a program that calls
// one gets told so, not that the name is undefined.
bool isUnsupportedMatlabFunction(const std::string &name) {
  static const std::set<std::string> names = {
      "fft", "ifft", "fft2", "cross",
      "median", "mode", "cat", "horzcat", "vertcat", "kron", "pinv",
      "chol", "lu", "rank", "log2", "log10",
      "asinh", "acosh", "atanh",
      "disp", "isequal", "cellfun", "arrayfun", "struct", "cell", "interp1", "filter",
      "conv", "meshgrid", "ndgrid", "circshift", "flip", "rot90",
      "magic", "randi", "randperm", "histc", "histcounts", "unique", "idivide", "nnz",
      "issorted", "gamma", "erf", "erfc", "besselj", "mink", "maxk", "permute",
      "squeeze", "bsxfun", "accumarray", "sub2ind", "ind2sub", "lsqr", "expm",
      "sqrtm", "logm", "imag", "conj", "angle", "complex",
      // bits and integer helpers
      "bitand", "bitor", "bitxor", "bitshift", "bitcmp", "typecast", "swapbytes", "dec2bin", "bin2dec",
      "dec2hex", "hex2dec", "dec2base", "base2dec", "gcd", "lcm", "factor", "primes", "factorial", "perms",
      "rat", "rats", "nthroot", "nextpow2", "pow2", "realmax", "realmin", "flintmax",
      // arrays and sets
      "num2cell", "cell2mat", "struct2cell", "fieldnames", "isfield", "rmfield", "setfield", "getfield",
      "sortrows", "setdiff", "intersect", "union", "setxor", "histogram", "hist", "logspace", "colon",
      "cummax", "cummin", "movmean", "movsum", "smoothdata", "rescale", "normalize", "vecnorm", "blkdiag",
      "circshift", "deal", "validatestring",
      // text
      "strcat", "strsplit", "strjoin", "strrep", "strfind", "regexp", "regexprep", "regexpi", "upper",
      "isspace", "isletter", "isstrprop", "fliplr", "blanks", "deblank", "mat2str", "str2func", "func2str",
      "datestr", "num2words",
      // numerics
      "polyfit", "polyval", "roots", "poly", "deconv", "interp2", "spline", "pchip", "fzero", "fminsearch",
      "fminbnd", "fsolve", "ode45", "ode23", "ode15s", "quad", "quadgk", "integral", "integral2", "cumtrapz",
      "gradient", "del2", "cov", "corrcoef", "var", "std", "null", "orth", "cond", "rcond", "normest",
      "conv2", "filter2", "fftshift", "ifftshift", "erfinv", "gammaln", "beta", "betainc", "gammainc",
      "legendre", "sinc",
      // program control, files, graphics
      "eval", "evalin", "assignin", "input", "keyboard", "pause", "clock", "cputime", "etime", "datenum",
      "now", "fopen", "fclose", "fgetl", "fgets", "fread", "fwrite", "fscanf", "textscan", "load", "save",
      "csvread", "csvwrite", "dlmread", "dlmwrite", "readmatrix", "writematrix", "imread", "imwrite",
      "imshow", "figure", "plot", "hold", "xlabel", "ylabel", "title", "legend", "grid", "axis", "subplot",
      "surf", "mesh", "contour", "colorbar", "drawnow", "saveas", "close", "clc", "clear", "narginchk",
      "nargoutchk", "validateattributes", "inputParser", "rethrow", "MException", "lasterr"};
  return names.count(name) > 0;
}

bool isCommutative(const std::string &op) {
  return op == "plus" || op == "times" || op == "max" || op == "min" || op == "eq" || op == "ne" ||
         op == "and" || op == "or";
}

// 3, or 2.5: a count or an index in a message.
std::string formatCount(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", v);
  return text;
}

std::string describeDims(const std::vector<int64_t> &d) {
  std::string s;
  for (size_t i = 0; i < d.size(); ++i) s += (i ? "x" : "") + std::to_string(d[i]);
  return s;
}

} // namespace

// ---- expression evaluation -------------------------------------------------------

TValue Tracer::eval(const Expr &e) {
  std::vector<TValue> v = evalMulti(e, 1);
  if (v.empty()) throw CompileError(e.loc, "this expression produces no value");
  return v[0];
}

std::vector<TValue> Tracer::evalMulti(const Expr &e, int nargout) {
  switch (e.kind) {
  case ExprKind::Number:
    return {TValue::constant(e.number)};
  case ExprKind::String:
    return {TValue::textValue(e.text)};
  case ExprKind::Colon:
    throw CompileError(e.loc, "':' alone is only valid as a subscript, as in x(:, 1)");
  case ExprKind::EndIndex:
    if (!inEndContext()) throw CompileError(e.loc, "'end' is only valid inside a subscript");
    return {endValue()};
  case ExprKind::Ident:
  case ExprKind::Index: {
    if (hasVariable(e.text)) {
      TValue x = readVariable(e.text, e.loc);
      if (e.kind == ExprKind::Ident) return {x};
      if (x.isHandle()) return callHandle(x, evalArguments(e.args, e.text), nargout, e.loc);
      if (nargout > 1) throw CompileError(e.loc, "indexing gives one value, not " + std::to_string(nargout));
      return {indexValue(x, e.args, e.loc)};
    }
    std::vector<TValue> args = evalArguments(e.args, e.text);
    if (const Function *f = findFunction(e.text)) return callFunction(*f, std::move(args), nargout, e.loc);
    if (isBuiltin(e.text)) return callBuiltin(e.text, args, nargout, e.loc);
    if (isUnsupportedMatlabFunction(e.text))
      throw CompileError(e.loc, "'" + e.text + "' is a MATLAB function that runmatc does not compile yet "
                                "(docs/language.md lists those it does)");
    throw CompileError(e.loc, "undefined variable or function '" + e.text + "'");
  }
  case ExprKind::Lambda:
  case ExprKind::Handle:
    return {makeHandle(e)};
  case ExprKind::Unary: {
    TValue x = eval(*e.args[0]);
    if (e.text == "-") return {unaryOp("uminus", x, e.loc)};
    if (e.text == "~") return {unaryOp("not", x, e.loc)};
    if (x.isText()) throw CompileError(e.loc, "text cannot be used in arithmetic");
    return {x.dtype == DType::Logical ? castTo(x, DType::Double, e.loc) : x};
  }
  case ExprKind::Postfix:
    return {transposeOp(eval(*e.args[0]), e.loc)};
  case ExprKind::Binary: {
    const std::string &op = e.text;
    if (op == "&&" || op == "||") {
      TValue a = evalCond(*e.args[0]);
      if (a.isConst()) {
        bool t = consteval::truthy(a);
        if (op == "&&" && !t) return {TValue::constant(0, DType::Logical)};
        if (op == "||" && t) return {TValue::constant(1, DType::Logical)};
        return {evalCond(*e.args[1])};
      }
      return {shortCircuit(op == "&&", a, *e.args[1], e.loc)};
    }
    TValue a = eval(*e.args[0]);
    TValue b = eval(*e.args[1]);
    if (op == "+") return {binaryOp("plus", a, b, e.loc)};
    if (op == "-") return {binaryOp("minus", a, b, e.loc)};
    if (op == ".*") return {binaryOp("times", a, b, e.loc)};
    if (op == "./") return {binaryOp("rdivide", a, b, e.loc)};
    if (op == ".\\") return {binaryOp("rdivide", b, a, e.loc)};
    if (op == ".^") return {binaryOp("power", a, b, e.loc)};
    if (op == "==") return {binaryOp("eq", a, b, e.loc)};
    if (op == "~=") return {binaryOp("ne", a, b, e.loc)};
    if (op == "<") return {binaryOp("lt", a, b, e.loc)};
    if (op == "<=") return {binaryOp("le", a, b, e.loc)};
    if (op == ">") return {binaryOp("gt", a, b, e.loc)};
    if (op == ">=") return {binaryOp("ge", a, b, e.loc)};
    if (op == "&") return {binaryOp("and", a, b, e.loc)};
    if (op == "|") return {binaryOp("or", a, b, e.loc)};
    if (op == "*") {
      if (a.isScalarLike() || b.isScalarLike()) return {binaryOp("times", a, b, e.loc)};
      return {mtimesOp(a, b, e.loc)};
    }
    if (op == "/" || op == "\\" || op == "^") {
      std::vector<TValue> args = {a, b};
      return {callBuiltin(op == "/" ? "mrdivide" : op == "^" ? "mpower" : "mldivide", args, 1, e.loc).at(0)};
    }
    throw CompileError(e.loc, "operator '" + op + "' is not supported by runmatc");
  }
  case ExprKind::Range: {
    TValue start = eval(*e.args[0]);
    TValue step = e.args.size() == 3 ? eval(*e.args[1]) : TValue::constant(1);
    TValue stop = eval(*e.args.back());
    return {rangeValue(start, step, stop, e.loc)};
  }
  case ExprKind::Matrix: {
    std::vector<TValue> rows;
    for (const auto &row : e.rows) {
      std::vector<TValue> parts;
      for (const ExprPtr &x : row) parts.push_back(eval(*x));
      rows.push_back(parts.size() == 1 ? parts[0] : concatOp(2, parts, e.loc));
    }
    if (rows.empty()) return {TValue::constArray({0, 0}, {}, DType::Double)};
    return {rows.size() == 1 ? rows[0] : concatOp(1, rows, e.loc)};
  }
  case ExprKind::Cell:
    return {cellValue(e)};
  case ExprKind::CellIndex:
    return {cellElement(e)};
  case ExprKind::Unsupported:
    throw CompileError(e.loc, e.text + " is not supported by runmatc");
  }
  throw CompileError(e.loc, "unsupported expression");
}

std::vector<TValue> Tracer::evalArguments(const std::vector<ExprPtr> &exprs, const std::string &callee) {
  std::vector<TValue> args;
  for (const ExprPtr &a : exprs) {
    if (a->kind == ExprKind::Colon) throw CompileError(a->loc, "':' is not a valid argument to '" + callee + "'");
    // c{:} passes every element of a cell array (varargin{:}).
    if (a->kind == ExprKind::CellIndex && a->args.size() == 1 && a->args[0]->kind == ExprKind::Colon) {
      if (!hasVariable(a->text)) throw CompileError(a->loc, "undefined variable '" + a->text + "'");
      TValue c = readVariable(a->text, a->loc);
      if (!c.isCell()) throw CompileError(a->loc, "'" + a->text + "' is not a cell array; {} indexes cell arrays");
      args.insert(args.end(), c.cells.begin(), c.cells.end());
      continue;
    }
    args.push_back(eval(*a));
  }
  return args;
}

TValue Tracer::evalCond(const Expr &e) {
  TValue v = eval(e);
  if (v.isText()) return TValue::constant(!v.text.empty(), DType::Logical);
  if (v.isConst()) return TValue::constant(consteval::truthy(v), DType::Logical);
  if (!v.isScalarLike()) {
    bool mayBeScalar = true;
    for (const Dim &d : v.type.shape) mayBeScalar &= d.isOne() || !d.isConstant();
    if (!mayBeScalar)
      throw CompileError(e.loc, "a condition must be a scalar, got a " + shapeText(v.type) + " value");
  }
  TValue s = toHostScalar(v, e.loc, "a condition");
  if (s.dtype == DType::Logical) return s;
  return binaryOp("ne", s, TValue::constant(0), e.loc);
}

// ---- operators -------------------------------------------------------------------------

TValue Tracer::unaryOp(const std::string &op, const TValue &x, const SourceLoc &loc) {
  if (x.integerClass() != trace::IntegerClass::None) return integerUnary(op, x, loc);
  return plainUnaryOp(op, x, loc);
}

TValue Tracer::plainUnaryOp(const std::string &op, const TValue &x, const SourceLoc &loc) {
  if (x.isText()) throw CompileError(loc, "text cannot be used in arithmetic");
  if (x.isConst()) return consteval::unary(op, x, loc);
  return emit1(op, {materialize(x, loc)}, {}, {}, loc);
}

// Algebra on host scalars that keeps symbolic extents canonical, e.g.
// min(d, min(d, k)) is min(d, k), so a loop-carried Q keeps one shape.
std::optional<TValue> Tracer::simplifyScalar(const std::string &op, const TValue &a, const TValue &b) {
  DType rt = trace::elementwiseDType(op, {a.dtype, b.dtype});
  auto isConstVal = [](const TValue &v, double c) { return v.isConstScalar() && v.scalar() == c; };
  auto keep = [&](const TValue &v) -> std::optional<TValue> {
    if (v.dtype == rt) return v;
    return std::nullopt;
  };
  if (op == "plus" && isConstVal(b, 0)) return keep(a);
  if (op == "plus" && isConstVal(a, 0)) return keep(b);
  if (op == "minus" && isConstVal(b, 0)) return keep(a);
  if (op == "times" && isConstVal(b, 1)) return keep(a);
  if (op == "times" && isConstVal(a, 1)) return keep(b);
  if ((op == "rdivide" || op == "power") && isConstVal(b, 1)) return keep(a);
  if ((op == "and" || op == "or") && a.isRuntime() && b.isRuntime() && a.id == b.id) return keep(a);
  if (op == "and" && isConstVal(a, 1)) return keep(b);
  if (op == "and" && isConstVal(b, 1)) return keep(a);
  if (op == "or" && isConstVal(a, 0)) return keep(b);
  if (op == "or" && isConstVal(b, 0)) return keep(a);
  if ((op == "min" || op == "max") && a.isRuntime() && b.isRuntime()) {
    if (a.id == b.id) return keep(a);
    for (int side = 0; side < 2; ++side) {
      const TValue &x = side ? b : a, &y = side ? a : b;
      auto it = scalarExprs_.find(y.id);
      if (it != scalarExprs_.end() && it->second.op == op &&
          std::find(it->second.operands.begin(), it->second.operands.end(), x.id) != it->second.operands.end())
        return keep(y);
    }
  }
  return std::nullopt;
}

TValue Tracer::binaryOp(const std::string &op, const TValue &a, const TValue &b, const SourceLoc &loc) {
  if (a.integerClass() != trace::IntegerClass::None || b.integerClass() != trace::IntegerClass::None)
    return integerBinary(op, a, b, loc);
  return plainBinaryOp(op, a, b, loc);
}

TValue Tracer::plainBinaryOp(const std::string &op, const TValue &a, const TValue &b, const SourceLoc &loc) {
  if (a.isText() || b.isText()) throw CompileError(loc, "text cannot be used in arithmetic or comparisons");
  if (a.isConst() && b.isConst()) return consteval::binary(op, a, b, loc);
  bool hostA = a.isConstScalar() || a.isHostScalar(), hostB = b.isConstScalar() || b.isHostScalar();
  if (hostA && hostB)
    if (std::optional<TValue> s = simplifyScalar(op, a, b)) return *s;
  std::string ia = materialize(a, loc), ib = materialize(b, loc);
  if (hostA && hostB && isCommutative(op) && ib < ia) std::swap(ia, ib);
  return emit1(op, {ia, ib}, {}, {}, loc);
}

TValue Tracer::castTo(const TValue &x, DType t, const SourceLoc &loc) {
  if (x.isText()) throw CompileError(loc, "converting text to numbers is not supported by runmatc");
  bool integerClass = x.integerClass() != trace::IntegerClass::None;
  if (x.dtype == t && !integerClass) return x;
  if (x.isConst()) return consteval::cast(x, t);
  TValue out;
  if (t == DType::Logical) {
    out = binaryOp("ne", x, TValue::constant(0), loc);
  } else {
    Type ct = x.type;
    ct.dtype = t;
    ct.integerClass = trace::IntegerClass::None; // double(x) of an int32 x is a double
    out = emit1("cast", {materialize(x, loc)}, {}, {ct}, loc);
  }
  // A vector of host scalars stays one, so that its reductions stay on the host.
  if (!x.elements.empty() && out.isRuntime() && !out.type.scalar)
    for (const TValue &e : x.elements) out.elements.push_back(castTo(e, t, loc));
  return out;
}

TValue Tracer::reduceOp(const std::string &op, const TValue &x, std::vector<int64_t> dims, const SourceLoc &loc) {
  if (x.isText()) throw CompileError(loc, "text cannot be reduced");
  for (int64_t d : dims)
    if (d < 1) throw CompileError(loc, "dimension arguments must be positive integers");
  if (x.isConst()) return consteval::reduce(op, x, dims);
  if (!x.elements.empty() && !x.type.scalar) {
    // A vector of host scalars (strcmp against a cell array of text): folded
    // on the host when the reduction covers it.
    std::vector<Dim> shape = shapeOf(x);
    bool covers = true;
    for (size_t d = 0; d < shape.size(); ++d)
      if (!shape[d].isOne() && std::find(dims.begin(), dims.end(), (int64_t)d + 1) == dims.end()) covers = false;
    static const std::map<std::string, std::string> fold = {
        {"sum", "plus"}, {"prod", "times"}, {"reduce_max", "max"}, {"reduce_min", "min"}};
    auto f = fold.find(op);
    if (covers && f != fold.end()) {
      DType rt = trace::reductionDType(op, x.dtype);
      TValue acc;
      for (size_t i = 0; i < x.elements.size(); ++i) {
        TValue e = castTo(x.elements[i], rt, loc);
        acc = i == 0 ? e : binaryOp(f->second, acc, e, loc);
      }
      return castTo(acc, rt, loc);
    }
  }
  if (x.isHostScalar()) {
    if (op == "reduce_max" || op == "reduce_min") return x;
    return castTo(x, trace::reductionDType(op, x.dtype), loc);
  }
  std::sort(dims.begin(), dims.end());
  dims.erase(std::unique(dims.begin(), dims.end()), dims.end());
  TValue r = emit1(op, {x.id}, {trace::Attr{"dims", dims}}, {}, loc);
  // The largest of int8 values is an int8; their sum is a double (Octave).
  if ((op == "reduce_max" || op == "reduce_min") && x.integerClass() != trace::IntegerClass::None)
    r = withIntegerClass(r, x.integerClass(), loc);
  return r;
}

int64_t Tracer::defaultReductionDim(const TValue &x, const SourceLoc &loc) {
  std::vector<Dim> shape = shapeOf(x);
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d].isOne()) continue;
    if (!shape[d].isConstant()) {
      std::vector<Dim> later;
      for (size_t e = d + 1; e < shape.size(); ++e)
        if (!shape[e].isOne()) later.push_back(shape[e]);
      if (!later.empty()) {
        TValue ok = binaryOp("ne", dimValue(shape[d]), TValue::constant(1), loc);
        TValue rest = TValue::constant(1, DType::Logical);
        for (const Dim &e : later)
          rest = binaryOp("and", rest, binaryOp("eq", dimValue(e), TValue::constant(1), loc), loc);
        emitCheck(binaryOp("or", ok, rest, loc),
                  "dimension " + std::to_string(d + 1) + " has size 1 at run time, so MATLAB would reduce a "
                  "later dimension; runmatc chose dimension " + std::to_string(d + 1) +
                  " at compile time: give the dimension explicitly",
                  loc);
      }
    }
    return (int64_t)d + 1;
  }
  return 1;
}

TValue Tracer::transposeOp(const TValue &x, const SourceLoc &loc) {
  if (x.isText()) throw CompileError(loc, "transposing text is not supported by runmatc");
  if (x.isConst()) {
    if (x.dims.size() > 2) throw CompileError(loc, "transpose is defined for 2-D arrays");
    return consteval::transpose(x);
  }
  if (x.isHostScalar()) return x;
  return emit1("transpose", {x.id}, {}, {}, loc);
}

TValue Tracer::mtimesOp(const TValue &a, const TValue &b, const SourceLoc &loc) {
  if (a.isText() || b.isText()) throw CompileError(loc, "text cannot be used in arithmetic");
  if (a.isConst() && b.isConst()) return consteval::mtimes(a, b, loc);
  if (trace::IntegerClass c = commonIntegerClass({a, b}); c != trace::IntegerClass::None)
    throw CompileError(loc, std::string("matrix products of ") + trace::integerClassName(c) +
                                " values are not supported (MATLAB refuses them too); use .* or convert with double(...)");
  Type ta = typeOf(a), tb = typeOf(b);
  if (ta.rank() != 2 || tb.rank() != 2)
    throw CompileError(loc, "matrix product of " + shapeText(ta) + " and " + shapeText(tb) +
                                ": both operands must be 2-D");
  return emit1("mtimes", {materialize(a, loc), materialize(b, loc)}, {}, {}, loc);
}

TValue Tracer::toHostScalar(const TValue &x, const SourceLoc &loc, const std::string &what) {
  if (x.isText()) throw CompileError(loc, what + " must be a number, not text");
  if (x.isConst()) {
    if (x.numel() != 1)
      throw CompileError(loc, what + " must be a scalar, got a " + describeDims(x.dims) + " value");
    return x;
  }
  if (x.isHostScalar()) return x;
  for (const Dim &d : x.type.shape)
    if (d.isConstant() && d.extent != 1)
      throw CompileError(loc, what + " must be a scalar, got a " + shapeText(x.type) + " value");
  return emit1("to_scalar", {x.id}, {}, {}, loc);
}

// ---- shapes -------------------------------------------------------------------------------

std::vector<Dim> Tracer::shapeOf(const TValue &x) const {
  if (x.isRuntime()) return x.type.scalar ? std::vector<Dim>{Dim::constant(1), Dim::constant(1)} : x.type.shape;
  std::vector<Dim> out;
  for (int64_t d : x.dims) out.push_back(Dim::constant(d));
  return out;
}

TValue Tracer::dimValue(const Dim &d) const {
  if (d.isConstant()) return TValue::constant((double)d.extent);
  return TValue::runtime(d.symbol, typeOfId(d.symbol));
}

Dim Tracer::toDim(const TValue &v, const SourceLoc &loc, const std::string &what) {
  if (v.isText()) throw CompileError(loc, what + " must be a number, not text");
  if (v.isConst()) {
    if (v.numel() != 1) throw CompileError(loc, what + " must be a scalar");
    double x = v.scalar();
    if (!std::isfinite(x) || x != std::floor(x))
      throw CompileError(loc, what + " must be a non-negative integer, got " + std::to_string(x));
    if (x < 0) throw CompileError(loc, what + " must be non-negative, got " + std::to_string((long long)x));
    if (x > 9.0e15) throw CompileError(loc, what + " is too large");
    return Dim::constant((int64_t)x);
  }
  TValue s = toHostScalar(v, loc, what);
  if (s.isConst()) return toDim(s, loc, what);
  if (s.dtype == DType::Logical) s = castTo(s, DType::Double, loc);
  return Dim::symbolic(s.id);
}

TValue Tracer::numelValue(const TValue &x, const SourceLoc &loc) {
  TValue n = TValue::constant(1);
  for (const Dim &d : shapeOf(x)) n = binaryOp("times", n, dimValue(d), loc);
  return n;
}

TValue Tracer::rangeCount(const TValue &start, const TValue &step, const TValue &stop, const SourceLoc &loc) {
  if (start.isConst() && step.isConst() && stop.isConst())
    return TValue::constant((double)consteval::colonCount(start.scalar(), step.scalar(), stop.scalar()));
  TValue q = binaryOp("rdivide", binaryOp("minus", stop, start, loc), step, loc);
  auto isInteger = [](const TValue &v) { return v.isConstScalar() && v.scalar() == std::floor(v.scalar()); };
  TValue n;
  if (isInteger(start) && isInteger(step)) {
    // Integer start and step: the count is exact.
    n = binaryOp("plus", unaryOp("floor", q, loc), TValue::constant(1), loc);
  } else {
    // floor(q + 4 eps max(1,|q|)) + 1: the tolerance MATLAB applies to
    // floating-point steps, so that 0:0.1:1 has 11 elements.
    TValue tol = binaryOp("times", TValue::constant(4 * 2.220446049250313e-16),
                          binaryOp("max", TValue::constant(1), unaryOp("abs", q, loc), loc), loc);
    n = binaryOp("plus", unaryOp("floor", binaryOp("plus", q, tol, loc), loc), TValue::constant(1), loc);
  }
  return binaryOp("max", n, TValue::constant(0), loc);
}

TValue Tracer::rangeValue(const TValue &start0, const TValue &step0, const TValue &stop0, const SourceLoc &loc) {
  if (trace::IntegerClass c = commonIntegerClass({start0, step0, stop0}); c != trace::IntegerClass::None)
    return toIntegerClass(rangeValue(castTo(start0, DType::Double, loc), castTo(step0, DType::Double, loc),
                                     castTo(stop0, DType::Double, loc), loc),
                          c, loc);
  TValue start = toHostScalar(start0, loc, "a range bound");
  TValue step = toHostScalar(step0, loc, "a range step");
  TValue stop = toHostScalar(stop0, loc, "a range bound");
  DType dt = (start.dtype == DType::Single || step.dtype == DType::Single || stop.dtype == DType::Single)
                 ? DType::Single
                 : DType::Double;
  if (start.isConst() && step.isConst() && stop.isConst()) {
    int64_t n = consteval::colonCount(start.scalar(), step.scalar(), stop.scalar());
    if (n <= (1 << 16)) return consteval::colon(start.scalar(), step.scalar(), stop.scalar(), dt);
  }
  if (!step.isConst())
    emitCheck(binaryOp("ne", step, TValue::constant(0), loc), "the step of a range is zero", loc);
  Dim n = toDim(rangeCount(start, step, stop, loc), loc, "the length of a range");
  std::vector<std::string> ops = {materialize(start, loc)};
  if (!(step.isConstScalar() && step.scalar() == 1)) ops.push_back(materialize(step, loc));
  ops.push_back(materialize(stop, loc));
  return emit1("colon", ops, {}, {Type::makeTensor(dt, {Dim::constant(1), n})}, loc);
}

TValue Tracer::reshapeTo(const TValue &x, std::vector<Dim> dims, const SourceLoc &loc) {
  while (dims.size() > 2 && dims.back().isOne()) dims.pop_back();
  if (x.isConst()) {
    std::vector<int64_t> cd;
    int64_t n = 1;
    for (const Dim &d : dims) {
      if (!d.isConstant()) break;
      cd.push_back(d.extent);
      n *= d.extent;
    }
    if (cd.size() == dims.size()) {
      if (n != x.numel())
        throw CompileError(loc, "reshape from " + describeDims(x.dims) + " to " + describeDims(cd) +
                                    " changes the number of elements");
      TValue r = x;
      r.dims = cd;
      return r;
    }
  }
  std::string id = materialize(x, loc);
  Type xt = typeOfId(id);
  if (xt.scalar) {
    id = emit1("horzcat", {id}, {}, {Type::makeTensor(xt.dtype, {Dim::constant(1), Dim::constant(1)})}, loc).id;
    xt = typeOfId(id);
  }
  Type t = Type::makeTensor(xt.dtype, dims);
  if (t == xt) return TValue::runtime(id, xt);
  bool known = true;
  for (const Dim &d : dims) known &= d.isConstant();
  for (const Dim &d : xt.shape) known &= d.isConstant();
  if (!known) {
    TValue a = numelValue(TValue::runtime(id, xt), loc), b = TValue::constant(1);
    for (const Dim &d : dims) b = binaryOp("times", b, dimValue(d), loc);
    if (!(a.isRuntime() && b.isRuntime() && a.id == b.id))
      emitCheck(binaryOp("eq", a, b, loc), "reshape changes the number of elements", loc);
  }
  return emit1("reshape", {id}, {}, {t}, loc);
}

TValue Tracer::concatOp(int dim, const std::vector<TValue> &parts, const SourceLoc &loc, size_t mayBeEmptyFrom) {
  bool allConst = true, allText = true;
  for (const TValue &p : parts) {
    allConst &= p.isConst();
    allText &= p.isText();
  }
  if (allText && dim == 2) {
    std::string s;
    for (const TValue &p : parts) s += p.text;
    return TValue::textValue(s);
  }
  bool anyFormat = false, allTextOrFormat = true;
  for (const TValue &p : parts) {
    anyFormat |= p.isFormat();
    allTextOrFormat &= p.isText() || p.isFormat();
  }
  if (anyFormat) {
    // Text built at run time joined with other text: one format.
    if (!allTextOrFormat || dim != 2)
      throw CompileError(loc, "text built at run time (sprintf, num2str) can only be joined with other text in a row");
    std::string format;
    std::vector<TValue> args;
    for (const TValue &p : parts) {
      format += p.isFormat() ? p.text : builtins::escapeFormat(p.text);
      args.insert(args.end(), p.formatArgs.begin(), p.formatArgs.end());
    }
    return TValue::formatValue(format, args);
  }
  for (const TValue &p : parts)
    if (p.isText()) throw CompileError(loc, "mixing text and numbers in [ ] is not supported by runmatc");
  if (trace::IntegerClass c = commonIntegerClass(parts); c != trace::IntegerClass::None) {
    // [int8(1) 2.7] is int8 [1 3]: every part converted to the leftmost
    // integer class, as MATLAB does.
    std::vector<TValue> converted;
    for (const TValue &p : parts) {
      bool emptyMatrix = p.isConst() && p.numel() == 0 && p.dims == std::vector<int64_t>{0, 0};
      converted.push_back(emptyMatrix ? p : toIntegerClass(p, c, loc));
    }
    bool again = false;
    for (size_t i = 0; i < parts.size(); ++i) again |= !(converted[i].isRuntime() && parts[i].isRuntime() &&
                                                          converted[i].id == parts[i].id);
    if (again) return concatOp(dim, converted, loc);
  }
  if (allConst) return consteval::concat(dim, parts, loc);
  // A part that may be 0x0 at run time (grown from [] in a loop): the
  // concatenation without it where it is, with it where it is not.
  for (size_t i = mayBeEmptyFrom; i < parts.size(); ++i) {
    if (!mayBeEmptyAtRunTime(parts[i])) continue;
    std::vector<TValue> without = parts;
    without.erase(without.begin() + (long)i);
    return selectAtRunTime(
        binaryOp("eq", numelValue(parts[i], loc), TValue::constant(0), loc),
        [&]() { return without.empty() ? TValue::constArray({0, 0}, {}, parts[i].dtype) : concatOp(dim, without, loc, i); },
        [&]() { return concatOp(dim, parts, loc, i + 1); }, "a concatenation", loc);
  }
  // [] (0x0, also a value of that type) is left out.
  std::vector<const TValue *> used;
  auto emptyMatrix = [&](const TValue &p) {
    if (p.isConst()) return p.numel() == 0 && p.dims == std::vector<int64_t>{0, 0};
    return p.isRuntime() && p.type.isTensor() && p.type.shape == std::vector<Dim>{Dim::constant(0), Dim::constant(0)};
  };
  for (const TValue &p : parts)
    if (!emptyMatrix(p)) used.push_back(&p);
  if (used.empty()) return TValue::constArray({0, 0}, {}, parts.front().dtype);
  if (used.size() == 1) return *used[0];
  int other = dim == 1 ? 1 : 0;
  std::vector<std::string> ids;
  TValue along = TValue::constant(0);
  Dim keep;
  bool allLogical = true, scalarsOnly = true;
  DType dt = DType::Double;
  bool first = true;
  for (const TValue *p : used) {
    std::vector<Dim> s = shapeOf(*p);
    if (s.size() > 2)
      throw CompileError(loc, "concatenation of arrays with more than 2 dimensions is not supported by runmatc");
    if (first) keep = s[other];
    else if (s[other] != keep) {
      if (s[other].isConstant() && keep.isConstant())
        throw CompileError(loc, std::string("dimensions of arrays being concatenated are not consistent (") +
                                    (dim == 2 ? "row counts " : "column counts ") + keep.str() + " and " +
                                    s[other].str() + ")");
      emitCheck(binaryOp("eq", dimValue(keep), dimValue(s[other]), loc),
                "dimensions of arrays being concatenated are not consistent", loc);
    }
    along = binaryOp("plus", along, dimValue(s[dim - 1]), loc);
    allLogical &= p->dtype == DType::Logical;
    scalarsOnly &= p->isScalarLike() && (p->isConst() || p->type.scalar);
    DType pt = p->dtype == DType::Logical ? DType::Double : p->dtype;
    dt = first ? pt : trace::arithmeticDType(dt, pt);
    first = false;
    ids.push_back(materialize(*p, loc));
  }
  if (allLogical) dt = DType::Logical;
  Dim a = toDim(along, loc, "a concatenated extent");
  std::vector<Dim> shape = dim == 2 ? std::vector<Dim>{keep, a} : std::vector<Dim>{a, keep};
  TValue out = emit1(dim == 2 ? "horzcat" : "vertcat", ids, {}, {Type::makeTensor(dt, shape)}, loc);
  if (scalarsOnly && dim == 2)
    for (const TValue *p : used) out.elements.push_back(*p);
  return out;
}

// ---- indexing --------------------------------------------------------------------------------

std::vector<Tracer::Subscript> Tracer::analyzeSubscripts(const TValue &x, const std::vector<ExprPtr> &subs,
                                                          bool assigning, const SourceLoc &loc) {
  using Kind = Subscript::Kind;
  size_t n = subs.size();
  std::vector<Dim> shape = shapeOf(x);
  size_t rank = shape.size();

  // The extents the subscripts see: one linear extent, or trailing dims folded
  // into the last subscript, or padding with 1s.
  std::vector<TValue> effValues;
  if (n == 1) {
    effValues.push_back(numelValue(x, loc));
  } else {
    for (size_t k = 0; k + 1 < n; ++k)
      effValues.push_back(k < rank ? dimValue(shape[k]) : TValue::constant(1));
    TValue last = TValue::constant(1);
    for (size_t k = n - 1; k < rank; ++k) last = binaryOp("times", last, dimValue(shape[k]), loc);
    effValues.push_back(last);
  }

  // A read past the extent is an error; an assignment past it grows the array.
  auto checkBound = [&](double hi, const Subscript &s, const SourceLoc &at) {
    if (!assigning && s.of.isConstant() && hi > (double)s.of.extent)
      throw CompileError(at, "index " + std::to_string((long long)hi) + " exceeds the extent " +
                                 std::to_string(s.of.extent));
  };
  std::vector<Subscript> ss;
  for (size_t k = 0; k < n; ++k) {
    const Expr &se = *subs[k];
    Subscript s;
    s.of = toDim(effValues[k], loc, "an extent");
    endStack_.push_back(effValues[k]);
    if (se.kind == ExprKind::Colon) {
      s.kind = Kind::Colon;
      s.extent = s.of;
    } else if (se.kind == ExprKind::Range) {
      s.kind = Kind::Range;
      s.a = toHostScalar(eval(*se.args[0]), se.loc, "a subscript");
      s.b = se.args.size() == 3 ? toHostScalar(eval(*se.args[1]), se.loc, "a subscript step") : TValue::constant(1);
      s.c = toHostScalar(eval(*se.args.back()), se.loc, "a subscript");
      s.extent = toDim(rangeCount(s.a, s.b, s.c, se.loc), se.loc, "the length of a subscript range");
      if (s.a.isConst() && s.b.isConst() && s.c.isConst() && s.extent.isConstant() && s.extent.extent > 0) {
        double lo = std::min(s.a.scalar(), s.a.scalar() + s.b.scalar() * (double)(s.extent.extent - 1));
        double hi = std::max(s.a.scalar(), s.a.scalar() + s.b.scalar() * (double)(s.extent.extent - 1));
        if (lo < 1 || s.a.scalar() != std::floor(s.a.scalar()) || s.b.scalar() != std::floor(s.b.scalar()))
          throw CompileError(se.loc, "subscripts must be positive integers");
        s.largest = hi;
        checkBound(hi, s, se.loc);
      }
    } else {
      TValue v = eval(se);
      if (v.isText()) throw CompileError(se.loc, "text subscripts are not supported by runmatc");
      bool mask = v.dtype == DType::Logical;
      bool vector = v.isConst() ? v.numel() != 1 : !v.isScalarLike();
      if (mask || vector) {
        // An index vector, or a mask as the positions of its trues.
        s.kind = Kind::Vector;
        s.mask = mask;
        s.loc = se.loc;
        if (mask) {
          // With several subscripts a mask must fit its extent (its
          // positions are offsets along it); one subscript's are checked
          // as linear indexes by the shim.
          TValue count = numelValue(v, se.loc);
          if (n > 1 && count.isConst() && effValues[k].isConst()) {
            if (count.scalar() > effValues[k].scalar())
              throw CompileError(se.loc, "a logical subscript of " + formatCount(count.scalar()) +
                                             " elements is longer than the extent " +
                                             formatCount(effValues[k].scalar()) + " it indexes");
          } else if (n > 1) {
            emitCheck(binaryOp("le", count, effValues[k], se.loc),
                      "a logical subscript is longer than the extent it indexes", se.loc);
          }
          s.a = positionsOf(v, se.loc);
        } else {
          s.a = castTo(v, DType::Double, se.loc);
        }
        s.extent = toDim(numelValue(s.a, se.loc), se.loc, "the number of indexes");
        if (s.a.isConst()) {
          for (double i : s.a.data)
            if (i < 1 || i != std::floor(i))
              throw CompileError(se.loc, "subscripts must be positive integers, got " + formatCount(i));
          if (!s.a.data.empty()) {
            s.largest = *std::max_element(s.a.data.begin(), s.a.data.end());
            checkBound(s.largest, s, se.loc);
          }
        }
        endStack_.pop_back();
        ss.push_back(s);
        continue;
      }
      s.kind = Kind::Index;
      s.a = toHostScalar(v, se.loc, "a subscript");
      s.extent = Dim::constant(1);
      if (s.a.isConst()) {
        double i = s.a.scalar();
        if (i < 1 || i != std::floor(i))
          throw CompileError(se.loc, "subscripts must be positive integers, got " + std::to_string(i));
        s.largest = i;
        checkBound(i, s, se.loc);
      }
    }
    s.loc = se.loc;
    endStack_.pop_back();
    ss.push_back(s);
  }
  return ss;
}

std::vector<int64_t> Tracer::constPicks(const Subscript &s) {
  std::vector<int64_t> p;
  switch (s.kind) {
  case Subscript::Kind::Colon:
    for (int64_t i = 0; i < s.of.extent; ++i) p.push_back(i);
    break;
  case Subscript::Kind::Index:
    p.push_back((int64_t)s.a.scalar() - 1);
    break;
  case Subscript::Kind::Range:
    for (int64_t i = 0; i < s.extent.extent; ++i) p.push_back((int64_t)(s.a.scalar() + (double)i * s.b.scalar()) - 1);
    break;
  case Subscript::Kind::Vector:
    for (double i : s.a.data) p.push_back((int64_t)i - 1);
    break;
  }
  return p;
}

TValue Tracer::positionsOf(const TValue &mask, const SourceLoc &loc) {
  if (mask.isConst()) {
    std::vector<double> at;
    for (size_t e = 0; e < mask.data.size(); ++e)
      if (mask.data[e] != 0) at.push_back((double)(e + 1));
    int64_t count = (int64_t)at.size();
    return TValue::constArray({count, 1}, std::move(at), DType::Double);
  }
  TValue column = reshapeTo(mask, {toDim(numelValue(mask, loc), loc, "an extent"), Dim::constant(1)}, loc);
  TValue nonzero = column.dtype == DType::Logical ? column : binaryOp("ne", column, TValue::constant(0), loc);
  TValue count = toHostScalar(reduceOp("sum", nonzero, {1}, loc), loc, "a count of nonzeros");
  Dim c = toDim(count, loc, "a count of nonzeros");
  return emit1("find", {materialize(column, loc), materialize(count, loc)}, {},
               {Type::makeTensor(DType::Double, {c, Dim::constant(1)})}, loc);
}

std::vector<Dim> Tracer::linearResultShape(const std::vector<Dim> &xShape, const Subscript &s) {
  bool xRow = xShape.size() == 2 && xShape[0].isOne();
  bool xColumn = xShape.size() == 2 && xShape[1].isOne() && !xRow;
  std::vector<Dim> row = {Dim::constant(1), s.extent}, column = {s.extent, Dim::constant(1)};
  if (s.kind == Subscript::Kind::Colon) return column;
  if (s.kind != Subscript::Kind::Vector || s.mask) return xColumn || (s.mask && !xRow) ? column : row;
  std::vector<Dim> own = shapeOf(s.a);
  bool ownVector = own.size() == 2 && (own[0].isOne() || own[1].isOne());
  if ((xRow || xColumn) && ownVector) return xColumn ? column : row;
  return own;
}

TValue Tracer::linearIndexes(const std::vector<Subscript> &ss, const SourceLoc &loc) {
  size_t n = ss.size();
  TValue linear = TValue::constant(0), stride = TValue::constant(1);
  for (size_t k = 0; k < n; ++k) {
    const Subscript &s = ss[k];
    TValue v;
    switch (s.kind) {
    case Subscript::Kind::Colon: v = rangeValue(TValue::constant(1), TValue::constant(1), dimValue(s.of), loc); break;
    case Subscript::Kind::Range: v = rangeValue(s.a, s.b, s.c, loc); break;
    case Subscript::Kind::Index: v = castTo(s.a, DType::Double, loc); break;
    case Subscript::Kind::Vector: v = s.a; break;
    }
    if (n > 1 && s.kind == Subscript::Kind::Vector && !s.a.isConst() && !s.mask) {
      // A run-time index vector is checked against its own extent: the
      // linear index alone could land inside the array from a bad subscript.
      TValue all = reshapeTo(v, {s.extent, Dim::constant(1)}, loc);
      TValue lo = toHostScalar(reduceOp("reduce_min", all, {1}, loc), loc, "an index");
      TValue hi = toHostScalar(reduceOp("reduce_max", all, {1}, loc), loc, "an index");
      TValue ok = binaryOp("and", binaryOp("ge", lo, TValue::constant(1), loc), binaryOp("le", hi, dimValue(s.of), loc), loc);
      emitCheck(binaryOp("or", binaryOp("eq", dimValue(s.extent), TValue::constant(0), loc), ok, loc),
                "an index is out of bounds for dimension " + std::to_string(k + 1), s.loc);
    }
    if (n > 1 && s.kind != Subscript::Kind::Index) {
      std::vector<Dim> along(std::max<size_t>(2, k + 1), Dim::constant(1));
      along[k] = s.extent;
      v = reshapeTo(v, along, loc);
    }
    linear = binaryOp("plus", linear, binaryOp("times", binaryOp("minus", v, TValue::constant(1), loc), stride, loc), loc);
    stride = binaryOp("times", stride, dimValue(s.of), loc);
  }
  return binaryOp("plus", linear, TValue::constant(1), loc);
}

void Tracer::subscriptOperands(const std::vector<Subscript> &ss, size_t keep, std::vector<std::string> &kinds,
                               std::vector<std::string> &operands, const SourceLoc &loc) {
  for (size_t k = 0; k < keep; ++k) {
    const Subscript &s = ss[k];
    switch (s.kind) {
    case Subscript::Kind::Colon:
      kinds.push_back("colon");
      break;
    case Subscript::Kind::Index:
      kinds.push_back("index");
      operands.push_back(materialize(s.a, loc));
      break;
    case Subscript::Kind::Range:
      kinds.push_back("range");
      operands.push_back(materialize(s.a, loc));
      operands.push_back(materialize(s.b, loc));
      operands.push_back(materialize(s.c, loc));
      break;
    case Subscript::Kind::Vector:
      throw CompileError(s.loc, "internal error: an index vector reached a strided section");
    }
  }
}

void Tracer::checkTrailingSubscripts(const std::vector<Subscript> &ss, size_t keep, const SourceLoc &loc) {
  for (size_t k = keep; k < ss.size(); ++k)
    if (ss[k].kind != Subscript::Kind::Colon) {
      TValue last = ss[k].kind == Subscript::Kind::Index ? ss[k].a : ss[k].c;
      emitCheck(binaryOp("eq", last, TValue::constant(1), loc), "index exceeds the extent 1", loc);
    }
}

TValue Tracer::indexValue(const TValue &x, const std::vector<ExprPtr> &subs, const SourceLoc &loc) {
  using Kind = Subscript::Kind;
  if (x.isText()) throw CompileError(loc, "indexing text is not supported by runmatc");
  if (x.isCell()) throw CompileError(loc, "c(i) of a cell array is not supported by runmatc; use c{i} for an element");
  if (x.isEnvText()) throw CompileError(loc, "indexing text read from the environment is not supported by runmatc");
  size_t n = subs.size();
  if (n == 0) return x;
  std::vector<Dim> shape = shapeOf(x);
  size_t rank = shape.size();
  std::vector<Subscript> ss = analyzeSubscripts(x, subs, false, loc);

  // Compile-time values indexed by compile-time subscripts fold.
  bool allConst = x.isConst();
  for (const Subscript &s : ss) allConst &= s.kind == Kind::Colon || (s.a.isConst() && s.b.isConst() && s.c.isConst());
  if (allConst) {
    std::vector<int64_t> effDims;
    for (const Subscript &s : ss) effDims.push_back(s.of.extent);
    std::vector<std::vector<int64_t>> picks;
    for (const Subscript &s : ss) picks.push_back(constPicks(s));
    std::vector<int64_t> rd;
    for (auto &p : picks) rd.push_back((int64_t)p.size());
    int64_t total = 1;
    for (int64_t d : rd) total *= d;
    std::vector<double> out;
    std::vector<int64_t> idx(rd.size(), 0);
    for (int64_t t = 0; t < total; ++t) {
      int64_t off = 0, stride = 1;
      for (size_t k = 0; k < rd.size(); ++k) {
        off += picks[k][(size_t)idx[k]] * stride;
        stride *= effDims[k];
      }
      out.push_back(x.data[(size_t)off]);
      for (size_t k = 0; k < rd.size() && ++idx[k] == rd[k]; ++k) idx[k] = 0;
    }
    if (n == 1) {
      rd.clear();
      for (const Dim &d : linearResultShape(shape, ss[0])) rd.push_back(d.extent);
    }
    while (rd.size() > 2 && rd.back() == 1) rd.pop_back();
    return TValue::constArray(rd, std::move(out), x.dtype);
  }

  if (std::any_of(ss.begin(), ss.end(), [](const Subscript &s) { return s.kind == Kind::Vector; })) {
    // Index vectors and masks: a gather by linear indexes.
    std::vector<Dim> resultShape;
    if (n == 1) {
      resultShape = linearResultShape(shape, ss[0]);
    } else {
      for (const Subscript &s : ss) resultShape.push_back(s.extent);
      while (resultShape.size() > 2 && resultShape.back().isOne()) resultShape.pop_back();
    }
    TValue linear = reshapeTo(linearIndexes(ss, loc), resultShape, loc);
    std::string base = materialize(x, loc);
    if (typeOfId(base).scalar)
      base = emit1("horzcat", {base}, {}, {Type::makeTensor(x.dtype, {Dim::constant(1), Dim::constant(1)})}, loc).id;
    return emit1("take", {base, materialize(linear, loc)}, {}, {Type::makeTensor(x.dtype, resultShape)}, loc);
  }

  if (x.isConstScalar() || x.isHostScalar()) {
    // A scalar indexed by 1s (or colons) is itself.
    for (const Subscript &s : ss)
      if (s.kind != Kind::Colon)
        emitCheck(binaryOp("eq", s.a, TValue::constant(1), loc), "index exceeds the extent 1", loc);
    return x;
  }
  if (n == 1 && ss[0].kind == Kind::Colon) return reshapeTo(x, {ss[0].extent, Dim::constant(1)}, loc);

  TValue base = x;
  if (n >= 2 && rank > n) {
    std::vector<Dim> eff;
    for (const Subscript &s : ss) eff.push_back(s.of);
    base = reshapeTo(x, eff, loc);
  }
  // Subscripts beyond the rank index extents of 1: they only check.
  size_t keepSubs = n == 1 ? 1 : std::min(n, std::max<size_t>(rank, 2));
  checkTrailingSubscripts(ss, keepSubs, loc);

  std::vector<std::string> operands = {materialize(base, loc)};
  std::vector<std::string> kinds;
  subscriptOperands(ss, keepSubs, kinds, operands, loc);
  std::vector<Dim> resultShape;
  for (size_t k = 0; k < keepSubs; ++k) resultShape.push_back(ss[k].extent);
  if (n == 1) {
    bool column = shape.size() == 2 && shape[1].isOne() && !shape[0].isOne();
    resultShape = column ? std::vector<Dim>{ss[0].extent, Dim::constant(1)}
                         : std::vector<Dim>{Dim::constant(1), ss[0].extent};
  }
  while (resultShape.size() > 2 && resultShape.back().isOne()) resultShape.pop_back();
  return emit1("subsref", operands, {trace::Attr{"subs", kinds}},
               {Type::makeTensor(base.isRuntime() ? base.type.dtype : base.dtype, resultShape)}, loc);
}

namespace {

void namesIn(const Expr &e, std::set<std::string> &out) {
  if (e.kind == ExprKind::Ident || e.kind == ExprKind::Index || e.kind == ExprKind::CellIndex) out.insert(e.text);
  for (const ExprPtr &a : e.args) namesIn(*a, out);
  for (const auto &row : e.rows)
    for (const ExprPtr &a : row) namesIn(*a, out);
}

} // namespace

TValue Tracer::makeHandle(const Expr &e) {
  TValue h;
  h.kind = VKind::Handle;
  h.data.clear();
  if (e.kind == ExprKind::Handle) {
    if (!findFunction(e.text) && !isBuiltin(e.text))
      throw CompileError(e.loc, "@" + e.text + ": no function '" + e.text + "' is defined" +
                                    (isUnsupportedMatlabFunction(e.text) ? " (runmatc does not compile it yet)" : ""));
    h.text = e.text;
    return h;
  }
  // The variables the body names, other than its parameters, are captured
  // with the values they have now, as MATLAB does.
  std::set<std::string> names;
  namesIn(*e.args[0], names);
  auto captured = std::make_shared<std::vector<std::pair<std::string, TValue>>>();
  for (const std::string &n : names)
    if (std::find(e.params.begin(), e.params.end(), n) == e.params.end() && hasVariable(n))
      captured->push_back({n, readVariable(n, e.loc)});
  h.lambda = &e;
  h.captured = captured;
  return h;
}

std::vector<TValue> Tracer::callHandle(const TValue &h, std::vector<TValue> args, int nargout, const SourceLoc &loc) {
  if (!h.lambda) {
    if (const Function *f = findFunction(h.text)) return callFunction(*f, std::move(args), nargout, loc);
    return callBuiltin(h.text, args, nargout, loc);
  }
  const std::vector<std::string> &params = h.lambda->params;
  if (args.size() > params.size())
    throw CompileError(loc, "the anonymous function takes " + std::to_string(params.size()) + " argument" +
                                (params.size() == 1 ? "" : "s") + ", got " + std::to_string(args.size()));
  if (++handleDepth_ > 200)
    throw CompileError(loc, "anonymous functions call one another more than 200 deep (runmatc inlines them; "
                            "is one recursive?)");
  Env outer = std::move(env_);
  env_.clear();
  for (const auto &[name, value] : *h.captured) env_[name] = value;
  for (size_t i = 0; i < args.size(); ++i) env_[params[i]] = args[i];
  std::vector<TValue> result;
  try {
    result = evalMulti(*h.lambda->args[0], nargout);
  } catch (...) {
    env_ = std::move(outer);
    --handleDepth_;
    throw;
  }
  env_ = std::move(outer);
  --handleDepth_;
  return result;
}

} // namespace runmat::frontend
