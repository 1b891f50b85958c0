// Text a program reads from the environment (getenv) and cell arrays of
// compile-time text: what RunMat's own benchmark programs use for their
// size presets and overrides. The environment is read when the program
// runs: each question a program asks of the text (its length, str2double
// of it, strcmp against a literal) is a parameter the shim sets when a run
// starts (contract ParamSource.h); the text itself can be printed.
#include "Builtins.h"

#include "ConstEval.h"

#include <cmath>

namespace runmat::frontend {

TValue Tracer::shimParam(const ParamSource &source, const SourceLoc &loc) {
  std::string key = source.describe();
  Type type = Type::makeScalar(DType::Double);
  if (auto it = shimParams_.find(key); it != shimParams_.end()) return TValue::runtime(it->second, type);
  trace::Param p;
  p.name = source.kind == ParamSourceKind::Given ? "__given_" + source.var
                                                  : "__env" + std::to_string(shimParams_.size() + 1);
  p.value = trace::Value{newId(), type};
  p.source = source;
  p.loc = loc;
  // An entry argument: visible in every region of the body.
  types_[p.value.id] = type;
  scopes_.front().defined.insert(p.value.id);
  valueNames_[p.value.id] = key;
  entry_->params.push_back(p);
  shimParams_[key] = p.value.id;
  return TValue::runtime(p.value.id, type);
}

TValue Tracer::envQuery(const TValue &text, const std::string &query, const std::string &literal,
                        const SourceLoc &loc) {
  ParamSource s;
  s.kind = ParamSourceKind::Env;
  s.text = text.env;
  s.query = query;
  s.literal = literal;
  TValue v = shimParam(s, loc);
  return query == "equals" ? castTo(v, DType::Logical, loc) : v;
}

TValue Tracer::cellValue(const Expr &e) {
  std::vector<std::vector<TValue>> rows;
  for (const auto &row : e.rows) {
    std::vector<TValue> r;
    for (const ExprPtr &x : row) {
      TValue v = eval(*x);
      if (!v.isText() && !v.isConst())
        throw CompileError(x->loc, "runmatc's cell arrays hold text and numbers known at compile time (option "
                                   "lists and presets); this element is computed at run time");
      r.push_back(std::move(v));
    }
    if (!rows.empty() && r.size() != rows[0].size())
      throw CompileError(e.loc, "the rows of a cell array must have the same number of elements");
    rows.push_back(std::move(r));
  }
  if (rows.empty()) return TValue::cellValue({0, 0}, {});
  std::vector<TValue> cells; // column-major
  for (size_t c = 0; c < rows[0].size(); ++c)
    for (const auto &r : rows) cells.push_back(r[c]);
  return TValue::cellValue({(int64_t)rows.size(), (int64_t)rows[0].size()}, std::move(cells));
}

TValue Tracer::cellElement(const Expr &e) {
  if (!hasVariable(e.text)) throw CompileError(e.loc, "undefined variable '" + e.text + "'");
  TValue c = readVariable(e.text, e.loc);
  if (!c.isCell()) throw CompileError(e.loc, "'" + e.text + "' is not a cell array; {} indexes cell arrays");
  if (e.args.empty() || e.args.size() > 2)
    throw CompileError(e.loc, "c{i} and c{i, j} are the cell indexing runmatc supports");
  std::vector<int64_t> at;
  for (size_t k = 0; k < e.args.size(); ++k) {
    int64_t extent = e.args.size() == 1 ? c.numel() : c.dims[k];
    endStack_.push_back(TValue::constant((double)extent));
    TValue i = eval(*e.args[k]);
    endStack_.pop_back();
    if (!i.isConstScalar())
      throw CompileError(e.args[k]->loc, "a cell array's subscript must be known at compile time in runmatc "
                                         "(a constant, or a loop counter of a loop over constants)");
    double v = i.scalar();
    if (v != std::floor(v) || v < 1)
      throw CompileError(e.args[k]->loc, "a cell array's subscript must be a positive integer");
    if (v > (double)extent)
      throw CompileError(e.args[k]->loc, "index " + std::to_string((long long)v) + " is out of bounds for " +
                                             std::to_string(extent) + " elements of '" + e.text + "'");
    at.push_back((int64_t)v - 1);
  }
  size_t linear = at.size() == 1 ? (size_t)at[0] : (size_t)(at[0] + at[1] * c.dims[0]);
  return c.cells[linear];
}

namespace {

// What `cond` asks when it is whether an environment variable's text is
// empty: the variable, and whether the condition holds when it is empty.
// isempty(x) and numel/length(x) of getenv text, through double(),
// logical() and ~.
std::optional<std::pair<std::string, bool>> envEmptinessTest(Tracer &t, const Expr &cond) {
  if (cond.kind == ExprKind::Unary && cond.text == "~") {
    auto inner = envEmptinessTest(t, *cond.args[0]);
    if (inner) inner->second = !inner->second;
    return inner;
  }
  if (cond.kind != ExprKind::Index || cond.args.size() != 1 || t.hasVariable(cond.text)) return std::nullopt;
  if (cond.text == "double" || cond.text == "logical") return envEmptinessTest(t, *cond.args[0]);
  bool isEmptyTest = cond.text == "isempty";
  if (!isEmptyTest && cond.text != "numel" && cond.text != "length") return std::nullopt;
  const Expr &arg = *cond.args[0];
  if (arg.kind != ExprKind::Ident && !(arg.kind == ExprKind::Index && arg.text == "getenv")) return std::nullopt;
  if (arg.kind == ExprKind::Ident && !t.hasVariable(arg.text)) return std::nullopt;
  TValue v = t.eval(arg);
  if (!v.isEnvText() || v.env.hasFallback) return std::nullopt;
  // lower and upper keep a text empty or not; strtrim may empty it.
  for (const std::string &f : v.env.transforms)
    if (f == "strtrim") return std::nullopt;
  return std::make_pair(v.env.var, isEmptyTest);
}

} // namespace

std::optional<TValue> Tracer::mergeEnvText(const Expr &cond, const TValue *then, const TValue *otherwise) {
  if (!then || !otherwise) return std::nullopt;
  auto test = envEmptinessTest(*this, cond);
  if (!test) return std::nullopt;
  const TValue *whenEmpty = test->second ? then : otherwise, *whenSet = test->second ? otherwise : then;
  if (!whenEmpty->isText() || !whenSet->isEnvText() || whenSet->env.var != test->first || whenSet->env.hasFallback)
    return std::nullopt;
  EnvText merged = whenSet->env;
  merged.hasFallback = true;
  merged.fallback = whenEmpty->text;
  return TValue::envTextValue(merged);
}

namespace builtins {

namespace {

// strcmp of two values, neither a cell: compile-time text, or a question
// asked of environment text.
TValue compareText(Tracer &t, const TValue &a, const TValue &b, bool ignoreCase, const SourceLoc &loc) {
  auto lowered = [](const std::string &s) { return EnvText::apply("lower", s); };
  if (a.isText() && b.isText())
    return TValue::constant(ignoreCase ? lowered(a.text) == lowered(b.text) : a.text == b.text, DType::Logical);
  if (a.isEnvText() && b.isEnvText())
    throw CompileError(loc, "comparing two environment texts is not supported by runmatc");
  const TValue *env = a.isEnvText() ? &a : b.isEnvText() ? &b : nullptr;
  const TValue *other = env == &a ? &b : &a;
  if (env && other->isText()) {
    TValue e = *env;
    std::string literal = other->text;
    if (ignoreCase) {
      e.env.transforms.push_back("lower");
      if (e.env.hasFallback) e.env.fallback = lowered(e.env.fallback);
      literal = lowered(literal);
    }
    return t.envQuery(e, "equals", literal, loc);
  }
  return TValue::constant(0, DType::Logical); // text against a number is false
}

// strcmp(a, b) with cells: elementwise, a logical array the cell's shape.
TValue compareWithCells(Tracer &t, const TValue &a, const TValue &b, bool ignoreCase, const SourceLoc &loc) {
  if (!a.isCell() && !b.isCell()) return compareText(t, a, b, ignoreCase, loc);
  const TValue &shape = a.isCell() ? a : b;
  if (a.isCell() && b.isCell() && a.dims != b.dims && a.numel() != 1 && b.numel() != 1)
    throw CompileError(loc, "strcmp: the cell arrays must have the same size");
  std::vector<TValue> results;
  for (int64_t i = 0; i < shape.numel(); ++i) {
    const TValue &x = a.isCell() ? a.cells[a.numel() == 1 ? 0 : i] : a;
    const TValue &y = b.isCell() ? b.cells[b.numel() == 1 ? 0 : i] : b;
    results.push_back(compareText(t, x, y, ignoreCase, loc));
  }
  bool allConst = true;
  for (const TValue &r : results) allConst &= r.isConst();
  if (allConst) {
    std::vector<double> data;
    for (const TValue &r : results) data.push_back(r.scalar());
    return TValue::constArray(shape.dims, data, DType::Logical);
  }
  if (shape.numel() == 1) return results[0];
  // A row or column of host scalars: reductions of it stay on the host.
  bool column = shape.dims[1] == 1;
  TValue v = t.concatOp(column ? 1 : 2, results, loc);
  v.elements = results;
  return v;
}

TValue transformText(const std::string &fn, const TValue &x, const SourceLoc &loc) {
  if (x.isText()) return TValue::textValue(EnvText::apply(fn, x.text));
  if (x.isEnvText()) {
    TValue out = x;
    out.env.transforms.push_back(fn);
    if (out.env.hasFallback) out.env.fallback = EnvText::apply(fn, out.env.fallback);
    return out;
  }
  if (x.isCell()) {
    TValue out = x;
    for (TValue &c : out.cells) c = transformText(fn, c, loc);
    return out;
  }
  if (fn == "strtrim") throw CompileError(loc, "strtrim needs text");
  return x; // lower and upper leave numbers as they are
}

} // namespace

void addTextBuiltins(Table &m) {
  m["getenv"] = [](Tracer &, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("getenv", a, 1, 1, loc);
    oneOutput("getenv", nargout, loc);
    if (!a[0].isText() || a[0].text.empty())
      throw CompileError(loc, "getenv needs the variable's name as text known at compile time");
    EnvText t;
    t.var = a[0].text;
    return {TValue::envTextValue(t)};
  };
  for (const char *fn : {"lower", "upper", "strtrim"}) {
    std::string name = fn;
    m[name] = [name](Tracer &, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity(name, a, 1, 1, loc);
      oneOutput(name, nargout, loc);
      return {transformText(name, a[0], loc)};
    };
  }
  for (const char *fn : {"str2double", "str2num"}) {
    std::string name = fn;
    m[name] = [name](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity(name, a, 1, 1, loc);
      oneOutput(name, nargout, loc);
      if (a[0].isEnvText()) return {t.envQuery(a[0], "number", "", loc)};
      if (a[0].isText()) return {TValue::constant(textToDouble(a[0].text))};
      if (name == "str2double") return {TValue::constant(std::nan(""))}; // not text: NaN, as MATLAB
      throw CompileError(loc, "str2num needs text");
    };
  }
  for (bool ignoreCase : {false, true}) {
    std::string name = ignoreCase ? "strcmpi" : "strcmp";
    m[name] = [name, ignoreCase](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
      arity(name, a, 2, 2, loc);
      oneOutput(name, nargout, loc);
      return {compareWithCells(t, a[0], a[1], ignoreCase, loc)};
    };
  }
  // ismember(text, cell): whether the text is one of the cell's.
  m["ismember"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("ismember", a, 2, 2, loc);
    oneOutput("ismember", nargout, loc);
    if (a[0].isCell() || !a[1].isCell())
      throw CompileError(loc, "ismember: runmatc supports ismember(text, {cell of text})");
    TValue any = TValue::constant(0, DType::Logical);
    for (const TValue &c : a[1].cells) any = t.binaryOp("or", any, compareText(t, a[0], c, false, loc), loc);
    return {any};
  };
  // char of text is the text (num2str's result, getenv's); of numbers, not supported.
  m["char"] = [](Tracer &, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("char", a, 1, 1, loc);
    oneOutput("char", nargout, loc);
    if (a[0].isText() || a[0].isFormat() || a[0].isEnvText()) return {a[0]};
    throw CompileError(loc, "char of numbers is not supported by runmatc");
  };
  m["iscell"] = [](Tracer &, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("iscell", a, 1, 1, loc);
    oneOutput("iscell", nargout, loc);
    return {TValue::constant(a[0].isCell(), DType::Logical)};
  };
  m["ischar"] = [](Tracer &, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    arity("ischar", a, 1, 1, loc);
    oneOutput("ischar", nargout, loc);
    return {TValue::constant(a[0].isText() || a[0].isEnvText(), DType::Logical)};
  };
  // warning(format, args...): "warning: <text>" on standard error. An
  // identifier first (text with a colon and no space, more arguments after)
  // is dropped; warning('off', ...) and the like change nothing here.
  m["warning"] = [](Tracer &t, Args &a, int nargout, const SourceLoc &loc) -> std::vector<TValue> {
    if (nargout > 0) throw CompileError(loc, "reading the warning state is not supported by runmatc");
    if (a.empty() || !a[0].isText()) throw CompileError(loc, "warning needs a message text");
    if (a[0].text == "off" || a[0].text == "on" || a[0].text == "query") return {};
    size_t first = a.size() >= 2 && a[1].isText() && a[0].text.find(':') != std::string::npos &&
                           a[0].text.find(' ') == std::string::npos
                       ? 1
                       : 0;
    std::vector<TValue> rest(a.begin() + (long)first + 1, a.end());
    std::string format = rest.empty() ? escapeFormat(a[first].text) : substituteTextArguments(a[first].text, rest, loc);
    std::vector<std::string> ids;
    for (const TValue &v : rest) ids.push_back(t.materialize(v, loc));
    t.emit("fprintf", ids, {trace::Attr{"format", format}, trace::Attr{"warning", true}}, {}, loc);
    return {};
  };
}

} // namespace builtins

} // namespace runmat::frontend
