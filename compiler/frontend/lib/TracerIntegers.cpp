// Tracer: MATLAB's integer classes, int8 .. uint64.
//
// An integer-class value is held as doubles whose trace type names its class
// (trace::IntegerClass); every operation that makes one rounds half away from
// zero, saturates to the class's range and turns NaN into 0, as explicit ops
// that fuse with the arithmetic around them. Every int8 .. int32 and uint8 ..
// uint32 value is exact in a double; int64 and uint64 are exact to 2^53.
// What MATLAB gives a double (sum, mean, ...) or a logical (comparisons) is
// one; what moves elements (indexing, reshape, concatenation) keeps the class
// (applyIntegerClassRule); a builtin that is not known to be right for
// integers is refused, naming it, rather than answering as if for doubles.
#include "Builtins.h"
#include "ConstEval.h"

#include <cmath>
#include <map>
#include <set>

namespace runmat::frontend {

using trace::IntegerClass;

namespace {

bool hasClass(const TValue &v) { return v.integerClass() != IntegerClass::None; }

std::string className(IntegerClass c) { return trace::integerClassName(c); }

// What a value of no integer class is called in messages.
std::string plainClassName(const TValue &v) {
  if (v.dtype == DType::Logical) return "logical";
  if (v.dtype == DType::Single) return "single";
  return "double";
}

double saturateScalar(double v, IntegerClass c) {
  double lo, hi;
  trace::integerClassRange(c, lo, hi);
  if (std::isnan(v)) return 0;
  v = std::round(v); // half away from zero, as MATLAB
  return v < lo ? lo : v > hi ? hi : v;
}

// Ops that move or select elements: their result has their first operand's
// class (concatenation's operands share one: concatOp converts them).
const std::set<std::string> &elementMovingOps() {
  static const std::set<std::string> ops = {"subsref", "subsasgn", "take",   "put",     "transpose", "reshape",
                                            "diag",    "to_scalar", "horzcat", "vertcat", "gpu",       "gather"};
  return ops;
}

// Builtins whose result has the class of their integer argument, and whether
// integer arguments alone give integral values (else the result is rounded).
const std::map<std::string, bool> &classKeepingBuiltins() {
  static const std::map<std::string, bool> m = {
      {"abs", true},     {"sign", true},    {"max", false},       {"min", false},      {"mod", false},
      {"rem", false},    {"floor", true},   {"ceil", true},       {"round", true},     {"fix", true},
      {"reshape", true}, {"repmat", true},  {"squeeze", true},    {"circshift", true}, {"sort", true},
      {"transpose", true}, {"ctranspose", true}, {"horzcat", true}, {"vertcat", true}, {"cat", true},
      {"diag", true},    {"tril", true},    {"triu", true},       {"flip", true},      {"cummax", true},
      {"cummin", true},  {"gpuArray", true}, {"gather", true}};
  return m;
}

// Builtins that give a double for integer input (Octave: sum and prod too,
// unless 'native' is asked for).
const std::set<std::string> &doubleResultBuiltins() {
  static const std::set<std::string> s = {"sum", "prod", "mean", "cumsum", "cumprod", "median", "dot", "double"};
  return s;
}

// Builtins whose answer does not depend on the class: sizes, tests,
// printing, conversions.
const std::set<std::string> &classFreeBuiltins() {
  static const std::set<std::string> s = {
      "size",    "numel",    "length",   "isempty", "ndims",   "isscalar", "isvector", "isrow",   "iscolumn",
      "ismatrix", "any",     "all",      "isnan",   "isinf",   "isfinite", "isreal",   "find",    "nnz",
      "isequal", "fprintf",  "printf",   "sprintf", "disp",    "display",  "num2str",  "int2str", "mat2str",
      "error",   "warning",  "single",   "logical", "islogical", "isnumeric", "ischar", "iscell", "real",
      "isempty", "exist",    "assert",   "numel"};
  return s;
}

} // namespace

IntegerClass Tracer::commonIntegerClass(const std::vector<TValue> &parts) const {
  for (const TValue &p : parts)
    if (hasClass(p)) return p.integerClass();
  return IntegerClass::None;
}

void Tracer::applyIntegerClassRule(trace::Op &op, const std::vector<Type> &operandTypes) const {
  if (op.name == "cast" || op.name == "const") return; // declared by the tracer
  IntegerClass c = IntegerClass::None;
  if (elementMovingOps().count(op.name) && !operandTypes.empty()) c = operandTypes[0].integerClass;
  if (op.name == "horzcat" || op.name == "vertcat")
    for (const Type &t : operandTypes)
      if (t.integerClass != c) c = IntegerClass::None;
  for (trace::Value &r : op.results) r.type.integerClass = r.type.dtype == DType::Double ? c : IntegerClass::None;
}

TValue Tracer::withIntegerClass(const TValue &x, IntegerClass c, const SourceLoc &loc) {
  if (x.integerClass() == c) return x;
  Type t = typeOf(x);
  t.dtype = DType::Double;
  t.integerClass = c;
  return emit1("cast", {materialize(x, loc)}, {}, {t}, loc);
}

TValue Tracer::saturateTo(const TValue &x, IntegerClass c, bool integral, const SourceLoc &loc) {
  if (x.isText()) throw CompileError(loc, "converting text to " + className(c) + " is not supported by runmatc");
  if (x.isConst()) {
    TValue v = consteval::cast(x, DType::Double);
    for (double &d : v.data) d = saturateScalar(d, c);
    return withIntegerClass(v, c, loc);
  }
  if (x.integerClass() == c) return x;
  double lo, hi;
  trace::integerClassRange(c, lo, hi);
  TValue d = x.dtype == DType::Double ? x : castTo(x, DType::Double, loc);
  bool fromInteger = hasClass(x) || x.dtype == DType::Logical;
  TValue r = integral || fromInteger ? d : plainUnaryOp("round", d, loc);
  r = plainBinaryOp("max", r, TValue::constant(lo), loc); // max and min ignore NaN:
  r = plainBinaryOp("min", r, TValue::constant(hi), loc); // NaN becomes lo here
  if (!(integral || fromInteger)) r = plainBinaryOp("times", r, plainBinaryOp("eq", d, d, loc), loc); // NaN -> 0
  return withIntegerClass(r, c, loc);
}

TValue Tracer::toIntegerClass(const TValue &x, IntegerClass c, const SourceLoc &loc) {
  return saturateTo(x, c, false, loc);
}

TValue Tracer::integerUnary(const std::string &op, const TValue &x, const SourceLoc &loc) {
  IntegerClass c = x.integerClass();
  if (op == "not") return plainUnaryOp(op, x, loc);
  if (op == "uminus" || op == "abs" || op == "sign") // -int8(-128) and abs(int8(-128)) are 127
    return saturateTo(plainUnaryOp(op, x, loc), c, true, loc);
  if (op == "floor" || op == "ceil" || op == "round") return x; // integers already
  throw CompileError(loc, "'" + op + "' of " + className(c) + " values is not supported by runmatc yet; convert "
                          "with double(...) first");
}

TValue Tracer::integerBinary(const std::string &op, const TValue &a, const TValue &b, const SourceLoc &loc) {
  IntegerClass ca = a.integerClass(), cb = b.integerClass();
  if (a.isText() || b.isText()) throw CompileError(loc, "text cannot be used in arithmetic or comparisons");
  // Comparisons compare values, of any classes.
  static const std::set<std::string> logicalResults = {"eq", "ne", "lt", "le", "gt", "ge", "and", "or"};
  if (logicalResults.count(op)) return plainBinaryOp(op, a, b, loc);
  if (ca != IntegerClass::None && cb != IntegerClass::None && ca != cb)
    throw CompileError(loc, "integers can only be combined with integers of the same class or with doubles: "
                            "this combines " + className(ca) + " and " + className(cb) +
                            " (convert one, as in " + className(ca) + "(y))");
  IntegerClass c = ca != IntegerClass::None ? ca : cb;
  static const std::set<std::string> arithmetic = {"plus", "minus", "times", "rdivide", "power",
                                                   "max",  "min",   "mod",   "rem"};
  if (!arithmetic.count(op))
    throw CompileError(loc, "'" + op + "' of " + className(c) + " values is not supported by runmatc yet; convert "
                            "with double(...) first");
  // MATLAB computes in double and converts the result: integers with
  // integers (or logicals) stay integral except through ./ and .^.
  auto integralOperand = [](const TValue &v) {
    if (hasClass(v) || v.dtype == DType::Logical) return true;
    if (!v.isConst()) return false;
    for (double d : v.data)
      if (d != std::floor(d)) return false;
    return true;
  };
  bool integral = op != "rdivide" && op != "power" && integralOperand(a) && integralOperand(b);
  return saturateTo(plainBinaryOp(op, a, b, loc), c, integral, loc);
}

std::optional<std::vector<TValue>> Tracer::integerBuiltin(const std::string &name, std::vector<TValue> &args,
                                                          int nargout, const SourceLoc &loc) {
  // Conversions: int32(x) and cast(x, 'int32').
  if (std::optional<IntegerClass> c = trace::parseIntegerClass(name)) {
    builtins::arity(name, args, 1, 1, loc);
    builtins::oneOutput(name, nargout, loc);
    return std::vector<TValue>{toIntegerClass(args[0], *c, loc)};
  }
  if (name == "cast" && args.size() == 2 && args[1].isText()) {
    if (std::optional<IntegerClass> c = trace::parseIntegerClass(args[1].text))
      return std::vector<TValue>{toIntegerClass(args[0], *c, loc)};
    std::vector<TValue> one = {args[0]};
    if (args[1].text == "double" || args[1].text == "single" || args[1].text == "logical")
      return callBuiltin(args[1].text, one, nargout, loc);
    throw CompileError(loc, "cast: unknown class '" + args[1].text + "'");
  }
  if (name == "intmax" || name == "intmin") {
    builtins::arity(name, args, 0, 1, loc);
    IntegerClass c = IntegerClass::Int32;
    if (!args.empty()) {
      std::optional<IntegerClass> p = args[0].isText() ? trace::parseIntegerClass(args[0].text) : std::nullopt;
      if (!p) throw CompileError(loc, name + " takes the name of an integer class, as in " + name + "('int8')");
      c = *p;
    }
    if (c == IntegerClass::Int64 || c == IntegerClass::UInt64)
      throw CompileError(loc, name + "('" + className(c) + "') is not exact in runmatc, which holds " + className(c) +
                              " values as doubles (exact to 2^53)");
    double lo, hi;
    trace::integerClassRange(c, lo, hi);
    return std::vector<TValue>{withIntegerClass(TValue::constant(name == "intmax" ? hi : lo), c, loc)};
  }
  // zeros(..., 'int16'), ones(n, 'like', x) and the like: made as doubles,
  // then given the class.
  static const std::set<std::string> sized = {"zeros", "ones", "eye"};
  if (sized.count(name)) {
    IntegerClass c = IntegerClass::None;
    std::vector<TValue> rest;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].isText() && trace::parseIntegerClass(args[i].text)) {
        c = *trace::parseIntegerClass(args[i].text);
      } else if (builtins::isText(args[i], "like") && i + 1 < args.size() && hasClass(args[i + 1])) {
        c = args[i + 1].integerClass();
        ++i;
      } else {
        rest.push_back(args[i]);
      }
    }
    if (c == IntegerClass::None) return std::nullopt;
    std::vector<TValue> out = callBuiltin(name, rest, nargout, loc);
    out[0] = withIntegerClass(out[0], c, loc);
    return out;
  }
  if (name == "class" && args.size() == 1 && hasClass(args[0]))
    return std::vector<TValue>{TValue::textValue(className(args[0].integerClass()))};
  if (name == "isinteger" || name == "isfloat") {
    builtins::arity(name, args, 1, 1, loc);
    bool isInt = hasClass(args[0]);
    bool isFloat = !isInt && (args[0].isConst() || args[0].isRuntime()) && args[0].dtype != DType::Logical;
    return std::vector<TValue>{TValue::constant(name == "isinteger" ? isInt : isFloat, DType::Logical)};
  }
  if (name == "isa" && args.size() == 2 && args[1].isText()) {
    const std::string &k = args[1].text;
    const TValue &x = args[0];
    bool numeric = (x.isConst() || x.isRuntime()) && x.dtype != DType::Logical;
    std::string cls = hasClass(x) ? className(x.integerClass()) : plainClassName(x);
    bool yes = k == cls || (k == "numeric" && numeric) || (k == "integer" && hasClass(x)) ||
               (k == "float" && numeric && !hasClass(x));
    return std::vector<TValue>{TValue::constant(yes, DType::Logical)};
  }
  if (name == "idivide") {
    builtins::arity(name, args, 2, 3, loc);
    std::string how = "fix";
    if (args.size() == 3) {
      if (!args[2].isText()) throw CompileError(loc, "idivide: the third argument is 'fix', 'round', 'floor' or 'ceil'");
      how = args[2].text;
      if (how != "fix" && how != "round" && how != "floor" && how != "ceil")
        throw CompileError(loc, "idivide: unknown rounding '" + how + "' (use 'fix', 'round', 'floor' or 'ceil')");
    }
    IntegerClass c = commonIntegerClass({args[0], args[1]});
    if (c == IntegerClass::None) throw CompileError(loc, "idivide: at least one argument must be of an integer class");
    if (hasClass(args[0]) && hasClass(args[1]) && args[0].integerClass() != args[1].integerClass())
      return std::vector<TValue>{integerBinary("rdivide", args[0], args[1], loc)}; // the class error
    TValue q = plainBinaryOp("rdivide", castTo(args[0], DType::Double, loc), castTo(args[1], DType::Double, loc), loc);
    if (how == "fix") {
      std::vector<TValue> one = {q};
      q = callPlainBuiltin("fix", one, 1, loc).at(0);
    } else if (how != "round") {
      q = plainUnaryOp(how, q, loc);
    }
    return std::vector<TValue>{toIntegerClass(q, c, loc)};
  }

  IntegerClass c = commonIntegerClass(args);
  if (c == IntegerClass::None) return std::nullopt;
  // sum(x, 'native') keeps the class, saturating.
  if ((name == "sum" || name == "prod") && !args.empty() && builtins::isText(args.back(), "native")) {
    std::vector<TValue> rest(args.begin(), args.end() - 1);
    rest[0] = castTo(rest[0], DType::Double, loc);
    std::vector<TValue> out = callBuiltin(name, rest, nargout, loc);
    out[0] = saturateTo(out[0], c, true, loc);
    return out;
  }
  if (name == "mtimes" || name == "mpower" || name == "mrdivide" || name == "mldivide") {
    if (args.size() == 2 && args[0].isScalarLike() && args[1].isScalarLike()) {
      static const std::map<std::string, std::string> elementwise = {
          {"mtimes", "times"}, {"mpower", "power"}, {"mrdivide", "rdivide"}, {"mldivide", "rdivide"}};
      const std::string &op = elementwise.at(name);
      return std::vector<TValue>{name == "mldivide" ? integerBinary(op, args[1], args[0], loc)
                                                    : integerBinary(op, args[0], args[1], loc)};
    }
    if (name == "mrdivide" && args.size() == 2 && args[1].isScalarLike())
      return std::vector<TValue>{integerBinary("rdivide", args[0], args[1], loc)};
    throw CompileError(loc, "matrix " + std::string(name == "mtimes" ? "products" : "division") + " of " + className(c) +
                            " values are not supported (MATLAB refuses them too); use elementwise operators or "
                            "convert with double(...)");
  }
  auto kept = classKeepingBuiltins().find(name);
  if (kept != classKeepingBuiltins().end()) {
    for (const TValue &a : args)
      if (hasClass(a) && a.integerClass() != c)
        throw CompileError(loc, name + ": integers of different classes (" + className(c) + " and " +
                                    className(a.integerClass()) + ") cannot be combined");
    bool integral = kept->second;
    if (!integral) {
      integral = true;
      for (const TValue &a : args)
        if (!a.isText() && !hasClass(a) && a.dtype != DType::Logical) integral = false;
    }
    std::vector<TValue> out = callPlainBuiltin(name, args, nargout, loc);
    // The first result has the class; an index result (max, min, sort) is double.
    if (!out.empty() && !out[0].isText()) out[0] = saturateTo(out[0], c, integral, loc);
    return out;
  }
  if (doubleResultBuiltins().count(name)) {
    std::vector<TValue> plain = args;
    for (TValue &a : plain)
      if (hasClass(a)) a = castTo(a, DType::Double, loc);
    return callPlainBuiltin(name, plain, nargout, loc);
  }
  if (classFreeBuiltins().count(name)) return std::nullopt;
  throw CompileError(loc, "'" + name + "' of " + className(c) + " values is not supported by runmatc yet; convert "
                          "with double(...) first");
}

} // namespace runmat::frontend
