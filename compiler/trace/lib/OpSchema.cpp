#include "runmat/trace/OpSchema.h"

namespace runmat::trace {

const char *attrKindName(AttrKind k) {
  switch (k) {
  case AttrKind::Bool: return "a boolean";
  case AttrKind::Int: return "an integer";
  case AttrKind::Double: return "a number";
  case AttrKind::String: return "a string";
  case AttrKind::IntList: return "a list of integers";
  case AttrKind::DoubleList: return "a list of numbers";
  case AttrKind::StringList: return "a list of strings";
  }
  return "?";
}

namespace {

OpSchema unary(const char *name, const char *summary) {
  return {name, OpKind::Unary, 1, 1, 1, 1, {}, {}, false, summary};
}
OpSchema binary(const char *name, const char *summary) {
  return {name, OpKind::Binary, 2, 2, 1, 1, {}, {}, false, summary};
}
OpSchema reduction(const char *name, const char *summary) {
  return {name, OpKind::Reduction, 1, 1, 1, 1, {{"dims", AttrKind::IntList, true}}, {}, false,
          summary};
}

std::vector<OpSchema> buildTable() {
  return {
      {"const", OpKind::Constant, 0, 0, 1, 1,
       {{"value", AttrKind::Double, false}, {"values", AttrKind::DoubleList, false}}, {}, true,
       "a constant: `value` for a scalar or a tensor filled with it, `values` (column-major) for a tensor"},
      {"zeros", OpKind::Fill, 0, 0, 1, 1, {}, {}, true, "a tensor of zeros of the declared type"},
      {"ones", OpKind::Fill, 0, 0, 1, 1, {}, {}, true, "a tensor of ones of the declared type"},
      {"rand", OpKind::Random, 0, 0, 1, 1, {}, {}, true,
       "uniform (0,1) numbers; each execution draws the next stream of the generator; a host "
       "scalar type is one draw (element 0 of its stream)"},
      {"randn", OpKind::Random, 0, 0, 1, 1, {}, {}, true,
       "standard normal numbers; each execution draws the next stream of the generator; a host "
       "scalar type is one draw (element 0 of its stream)"},
      {"undef", OpKind::Undefined, 0, 0, 1, 1, {{"name", AttrKind::String, true}}, {}, true,
       "the value of variable `name` before its first assignment (reading it is an error)"},
      {"colon", OpKind::Colon, 2, 3, 1, 1, {}, {}, true,
       "start:stop or start:step:stop as a 1xN row (operands start, [step,] stop)"},
      {"linspace", OpKind::Linspace, 2, 2, 1, 1, {}, {}, true,
       "N points from a to b, N from the declared type's second extent"},
      unary("uminus", "-x"),
      unary("not", "~x (logical)"),
      unary("sqrt", "square root (real: NaN for negative input)"),
      unary("exp", "e^x"),
      unary("log", "natural logarithm (real: NaN for negative input)"),
      unary("abs", "|x|"),
      unary("sin", "sine"),
      unary("cos", "cosine"),
      unary("tan", "tangent"),
      unary("tanh", "hyperbolic tangent"),
      unary("floor", "round toward -Inf"),
      unary("ceil", "round toward +Inf"),
      unary("round", "round half away from zero"),
      unary("sign", "-1, 0 or 1"),
      unary("log1p", "log(1 + x), accurate for small x"),
      unary("expm1", "exp(x) - 1, accurate for small x"),
      unary("atan", "arctangent"),
      unary("asin", "arcsine (real: NaN outside [-1, 1])"),
      unary("acos", "arccosine (real: NaN outside [-1, 1])"),
      unary("sinh", "hyperbolic sine"),
      unary("cosh", "hyperbolic cosine"),
      binary("plus", "x + y"),
      binary("minus", "x - y"),
      binary("times", "x .* y"),
      binary("rdivide", "x ./ y"),
      binary("power", "x .^ y"),
      binary("max", "elementwise maximum (NaN is ignored, as in MATLAB)"),
      binary("min", "elementwise minimum (NaN is ignored, as in MATLAB)"),
      binary("mod", "x - floor(x./y).*y, with mod(x,0) = x"),
      binary("rem", "x - fix(x./y).*y, with rem(x,0) = NaN and rem(x,Inf) = x"),
      binary("atan2", "four-quadrant arctangent of y (first operand) and x"),
      binary("hypot", "sqrt(x.^2 + y.^2) without overflow"),
      binary("eq", "x == y"),
      binary("ne", "x ~= y"),
      binary("lt", "x < y"),
      binary("le", "x <= y"),
      binary("gt", "x > y"),
      binary("ge", "x >= y"),
      binary("and", "x & y"),
      binary("or", "x | y"),
      {"cast", OpKind::Cast, 1, 1, 1, 1, {}, {}, true, "conversion to the declared dtype"},
      reduction("sum", "sum over the 1-based `dims` (kept as extent 1)"),
      reduction("prod", "product over `dims`"),
      reduction("mean", "mean over `dims`"),
      reduction("reduce_max", "maximum over `dims` (NaN ignored)"),
      reduction("reduce_min", "minimum over `dims` (NaN ignored)"),
      {"mtimes", OpKind::MatMul, 2, 2, 1, 1, {}, {}, false, "matrix product of two 2-D tensors"},
      {"transpose", OpKind::Transpose, 1, 1, 1, 1, {}, {}, false, "transpose of a 2-D tensor"},
      {"qr_econ", OpKind::QR, 1, 1, 2, 2, {}, {}, true,
       "economy QR: results Q (m x min(m,n)) and R (min(m,n) x n)"},
      {"diag", OpKind::Diag, 1, 1, 1, 1, {}, {}, true,
       "vector to diagonal matrix, or matrix to column of its diagonal"},
      {"reshape", OpKind::Reshape, 1, 1, 1, 1, {}, {}, true,
       "same elements in column-major order, declared shape"},
      {"resize", OpKind::Resize, 1, 1, 1, 1, {}, {}, true,
       "growth by assignment: zeros of the declared shape (of the operand's rank, no extent smaller) "
       "with the operand's elements at their subscripts"},
      {"subsref", OpKind::Subsref, 1, -1, 1, 1, {{"subs", AttrKind::StringList, true}}, {}, true,
       "indexing read x(s1, s2, ...): each of `subs` is colon (no operand), index (one 1-based "
       "operand) or range (operands start, step, stop); one subscript indexes linearly"},
      {"subsasgn", OpKind::Subsasgn, 2, -1, 1, 1, {{"subs", AttrKind::StringList, true}}, {}, true,
       "indexed assignment x(s1, s2, ...) = v as a new value: operands x, v, then the subscripts' "
       "operands as for subsref; v is a scalar (written everywhere) or has as many elements as the "
       "section; the result has x's type"},
      {"find", OpKind::Find, 2, 2, 1, 1, {}, {}, true,
       "the 1-based linear positions of x's nonzero elements as a double column: operands x and "
       "the count of nonzeros (a host scalar, the result's extent, checked at run time)"},
      {"take", OpKind::Take, 2, 2, 1, 1, {}, {}, true,
       "gather: element e of the result is x(idx(e)), idx a tensor of 1-based linear indexes "
       "(double); the result has idx's shape and x's dtype"},
      {"put", OpKind::Put, 3, 3, 1, 1, {}, {}, true,
       "scatter x(idx) = v as a new value: operands x, idx (1-based linear indexes, double), v "
       "(x's dtype; a scalar, or as many elements as idx); the result has x's type"},
      {"library", OpKind::Library, 0, -1, 0, -1,
       {{"fn", AttrKind::String, true}, {"options", AttrKind::IntList, false}}, {}, true,
       "a runtime library function on the host (`fn`: sort, cumsum, cumprod, mldivide, inv, det, svd, "
       "tic, toc; contract/include/runmat/contract/LibraryFunctions.h): tensor operands, integer "
       "`options`, declared tensor results"},
      {"horzcat", OpKind::Concat, 1, -1, 1, 1, {}, {}, true, "[a, b, ...]"},
      {"vertcat", OpKind::Concat, 1, -1, 1, 1, {}, {}, true, "[a; b; ...]"},
      {"to_scalar", OpKind::ToScalar, 1, 1, 1, 1, {}, {}, false,
       "the single element of a 1x1 tensor, read on the host"},
      {"gpu", OpKind::Residency, 1, 1, 1, 1, {}, {}, false, "gpuArray: prefer device residency"},
      {"gather", OpKind::Residency, 1, 1, 1, 1, {}, {}, false, "gather: bring back to the host"},
      {"check", OpKind::Check, 1, 1, 0, 0, {{"message", AttrKind::String, true}}, {}, false,
       "stop with `message` unless the logical scalar operand is true"},
      {"fprintf", OpKind::Print, 0, -1, 0, 0, {{"format", AttrKind::String, true}, {"stop", AttrKind::Bool, false}, {"warning", AttrKind::Bool, false}},
       {}, false,
       "formatted print; the format is reused until all operand elements are consumed; with `stop` true the "
       "text is instead the message the program stops with (error with format arguments)"},
      {"display", OpKind::Display, 1, 1, 0, 0, {{"name", AttrKind::String, true}, {"class", AttrKind::String, false}},
       {}, false,
       "show `name = value` as an unsuppressed statement does; `class` names an integer class (int8 .. uint64) "
       "whose values are shown as integers"},
      {"disp", OpKind::Display, 1, 1, 0, 0, {{"class", AttrKind::String, false}}, {}, false,
       "show a value without its name (`class` as for display)"},
      {"rng", OpKind::Rng, 1, 1, 0, 0, {}, {}, false,
       "reseed the generator with the operand and restart its stream counter"},
      {"call", OpKind::Call, 0, -1, 0, -1, {{"callee", AttrKind::String, true}}, {}, true,
       "call host function entry `callee` (kind host_function) with host scalar operands, one per input; "
       "its outputs are the results"},
      {"for", OpKind::For, 3, -1, 0, -1, {}, {"body"}, true,
       "operands start, step, stop, then initial values of the carried variables; body args: "
       "loop variable then carried values; body yields the carried values"},
      {"while", OpKind::While, 0, -1, 0, -1, {}, {"cond", "body"}, true,
       "operands: initial carried values; cond yields one logical scalar; body yields the carried "
       "values"},
      {"if", OpKind::If, 1, 1, 0, -1, {}, {"then", "else"}, true,
       "operand: logical scalar; both regions yield the results"},
  };
}

} // namespace

const std::vector<OpSchema> &allOpSchemas() {
  static const std::vector<OpSchema> table = buildTable();
  return table;
}

const OpSchema *findOpSchema(const std::string &name) {
  for (const OpSchema &s : allOpSchemas())
    if (name == s.name)
      return &s;
  return nullptr;
}

} // namespace runmat::trace
