// Tracer: emission into the trace, statements, and control flow.
#include "Library.h"
#include "TracerImpl.h"

#include "ConstEval.h"
#include "runmat/frontend/Parser.h"

#include <algorithm>
#include <fstream>
#include <exception>
#include <functional>
#include <sstream>

namespace runmat::frontend {

namespace {

struct AttrKeyWriter {
  std::ostringstream &os;
  void operator()(bool b) { os << (b ? "T" : "F"); }
  void operator()(int64_t i) { os << i; }
  void operator()(double d) { os << std::hexfloat << d << std::defaultfloat; }
  void operator()(const std::string &s) { os << '"' << s << '"'; }
  void operator()(const std::vector<int64_t> &v) {
    for (int64_t i : v) os << i << ',';
  }
  void operator()(const std::vector<double> &v) {
    for (double d : v) os << std::hexfloat << d << std::defaultfloat << ',';
  }
  void operator()(const std::vector<std::string> &v) {
    for (const auto &s : v) os << s << ',';
  }
};

bool isPureKind(trace::OpKind k) {
  using K = trace::OpKind;
  switch (k) {
  case K::Random: case K::Undefined: case K::Check: case K::Print: case K::Display:
  case K::Rng: case K::For: case K::While: case K::If: case K::Call:
    return false;
  default:
    return true;
  }
}

void collectAssigned(const Block &b, std::set<std::string> &out);

void collectAssignedStmt(const Stmt &s, std::set<std::string> &out) {
  for (const Target &t : s.targets)
    if (!t.ignored) out.insert(t.name);
  if (s.kind == StmtKind::For) out.insert(s.name);
  for (const IfClause &c : s.clauses) collectAssigned(c.body, out);
  collectAssigned(s.elseBody, out);
  collectAssigned(s.body, out);
}

void collectAssigned(const Block &b, std::set<std::string> &out) {
  for (const StmtPtr &s : b) collectAssignedStmt(*s, out);
}

void collectReadsExpr(const Expr &e, std::set<std::string> &out) {
  if (e.kind == ExprKind::Ident || e.kind == ExprKind::Index || e.kind == ExprKind::CellIndex) out.insert(e.text);
  for (const ExprPtr &a : e.args) collectReadsExpr(*a, out);
  for (const auto &row : e.rows)
    for (const ExprPtr &a : row) collectReadsExpr(*a, out);
}

void collectReads(const Block &b, std::set<std::string> &out, const Stmt *exclude) {
  for (const StmtPtr &sp : b) {
    const Stmt &s = *sp;
    if (&s == exclude) continue;
    if (s.expr) collectReadsExpr(*s.expr, out);
    for (const Target &t : s.targets) {
      if (t.indexed) out.insert(t.name);
      for (const ExprPtr &i : t.index) collectReadsExpr(*i, out);
    }
    for (const IfClause &c : s.clauses) {
      collectReadsExpr(*c.cond, out);
      collectReads(c.body, out, exclude);
    }
    collectReads(s.elseBody, out, exclude);
    collectReads(s.body, out, exclude);
  }
}

std::string escapeFormat(const std::string &text) { return escapeForPrintFormat(text); }

} // namespace

Tracer::Tracer(const Program &program, const std::string &sourceText, TraceOptions options)
    : program_(program), sourceText_(sourceText), options_(std::move(options)) {}

// ---- emission -----------------------------------------------------------------

void Tracer::pushRegion(trace::Region *r) {
  Scope s;
  s.region = r;
  scopes_.push_back(std::move(s));
}

void Tracer::popRegion() { scopes_.pop_back(); }

trace::Op Tracer::ifOp(const std::string &cond, const SourceLoc &loc) {
  trace::Op op;
  op.name = "if";
  op.operands = {cond};
  op.loc = loc;
  op.regions.resize(2);
  op.regions[0].name = "then";
  op.regions[1].name = "else";
  return op;
}

void Tracer::appendOp(trace::Op op) { scopes_.back().region->ops.push_back(std::move(op)); }

void Tracer::define(const std::string &id, const Type &t) {
  types_[id] = t;
  scopes_.back().defined.insert(id);
}

bool Tracer::visibleOutsideInnermost(const std::string &id) const {
  for (size_t i = 0; i + 1 < scopes_.size(); ++i)
    if (scopes_[i].defined.count(id)) return true;
  return false;
}

const Type &Tracer::typeOfId(const std::string &id) const {
  auto it = types_.find(id);
  if (it == types_.end()) throw std::logic_error("tracer: unknown value id " + id);
  return it->second;
}

std::string Tracer::symbolName(const std::string &id) const {
  // An extent that changes from trip to trip (TracerLoopCarried.cpp).
  if (isCarriedExtent(Dim::symbolic(id))) return "?";
  auto n = valueNames_.find(id);
  if (n != valueNames_.end()) return n->second;
  auto e = scalarExprs_.find(id);
  if (e == scalarExprs_.end() || e->second.op == kBounds) return id;
  auto operand = [&](size_t i) { return symbolName(e->second.operands[i]); };
  static const std::map<std::string, std::string> infix = {
      {"plus", "+"}, {"minus", "-"}, {"times", "*"}, {"rdivide", "/"}};
  const ScalarExpr &x = e->second;
  if (x.operands.size() == 2 && infix.count(x.op)) return operand(0) + infix.at(x.op) + operand(1);
  std::string s = x.op + "(";
  for (size_t i = 0; i < x.operands.size(); ++i) s += (i ? "," : "") + operand(i);
  return s + ")";
}

Type Tracer::typeOf(const TValue &v) const {
  if (v.isRuntime()) return v.type;
  if (v.isConst() && v.numel() == 1) return Type::makeScalar(v.dtype);
  std::vector<Dim> dims;
  for (int64_t d : v.dims) dims.push_back(Dim::constant(d));
  return Type::makeTensor(v.dtype, dims);
}

std::vector<TValue> Tracer::emit(const std::string &name, std::vector<std::string> operands,
                                 std::vector<trace::Attr> attrs, std::vector<Type> declared,
                                 const SourceLoc &loc) {
  const trace::OpSchema *schema = trace::findOpSchema(name);
  if (!schema) throw std::logic_error("tracer: unknown trace op " + name);
  if ((int)operands.size() < schema->minOperands ||
      (schema->maxOperands >= 0 && (int)operands.size() > schema->maxOperands))
    throw std::logic_error("tracer: trace op " + name + " given " + std::to_string(operands.size()) + " operands");
  trace::Op op;
  op.name = name;
  op.operands = std::move(operands);
  op.attrs = std::move(attrs);
  op.loc = loc;
  std::vector<Type> in;
  for (const std::string &id : op.operands) in.push_back(typeOfId(id));
  for (Type &t : declared) op.results.push_back(trace::Value{"", std::move(t)});
  std::vector<Type> inferred;
  std::string error;
  if (!trace::checkOpTypes(*schema, op, in, inferred, error, namer())) throw CompileError(loc, error);
  if (!schema->declaresResultType) {
    op.results.clear();
    for (Type &t : inferred) op.results.push_back(trace::Value{"", std::move(t)});
  }
  applyIntegerClassRule(op, in);
  std::string key;
  if (isPureKind(schema->kind) && op.results.size() == 1) {
    std::ostringstream os;
    os << name << '(';
    for (const std::string &id : op.operands) os << id << ',';
    os << ')';
    for (const trace::Attr &a : op.attrs) {
      os << a.name << '=';
      std::visit(AttrKeyWriter{os}, a.value);
      os << ';';
    }
    os << "->" << op.results[0].type.str() << trace::integerClassName(op.results[0].type.integerClass);
    key = os.str();
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto f = it->cse.find(key);
      if (f != it->cse.end()) return {TValue::runtime(f->second, typeOfId(f->second))};
    }
  }
  std::vector<TValue> out;
  for (trace::Value &r : op.results) {
    r.id = newId();
    define(r.id, r.type);
    out.push_back(TValue::runtime(r.id, r.type));
  }
  if (!key.empty()) scopes_.back().cse[key] = op.results[0].id;
  if (op.results.size() == 1 && op.results[0].type.scalar &&
      (schema->kind == trace::OpKind::Binary || schema->kind == trace::OpKind::Unary))
    scalarExprs_[op.results[0].id] = ScalarExpr{name, op.operands};
  appendOp(std::move(op));
  return out;
}

std::string Tracer::materialize(const TValue &v, const SourceLoc &loc) {
  if (v.isRuntime()) return v.id;
  if (v.isFormat())
    throw CompileError(loc, "text built at run time (sprintf, num2str) can only be printed (disp, fprintf) or joined "
                            "with other text in [ ]");
  if (v.isHandle())
    throw CompileError(loc, "a function handle is used where a number is expected (runmatc inlines handles where "
                            "they are called; they cannot be stored in arrays, carried by loops or displayed)");
  if (v.isText())
    throw CompileError(loc, "text ('" + v.text + "') is used where a number is expected");
  if (v.isEnvText())
    throw CompileError(loc, "text read from the environment (getenv('" + v.env.var +
                                "')) is used where a number is expected; str2double reads a number from it");
  if (v.isCell())
    throw CompileError(loc, "a cell array is used where a number is expected (c{i} is an element)");
  if (v.numel() == 1) {
    std::string id = emit1("const", {}, {trace::Attr{"value", v.scalar()}}, {typeOf(v)}, loc).id;
    scalarExprs_.try_emplace(id, ScalarExpr{kBounds, {}, v.scalar(), v.scalar()});
    return id;
  }
  return emit1("const", {}, {trace::Attr{"values", v.data}}, {typeOf(v)}, loc).id;
}

void Tracer::noteRead(const std::string &name, const TValue &v) {
  if (!v.isRuntime()) return;
  for (size_t i = 0; i < trackedArgs_.size(); ++i)
    if (trackedArgs_[i].count(v.id)) readTracked_[i].insert(name);
}

TValue Tracer::readVariable(const std::string &name, const SourceLoc &loc) {
  if (poisoned_.count(name))
    throw DependentProblem(loc, "'" + name + "' is unusable after an earlier error");
  TValue &v = env_.at(name);
  if (!v.guardId.empty()) {
    emitCheck(TValue::runtime(v.guardId, typeOfId(v.guardId)), v.guardMessage, loc);
    // Once checked on this path, later reads in the same region need no check.
    if (v.guardDepth == scopes_.size()) v.guardId.clear();
  }
  TValue out = v;
  out.guardId.clear();
  noteRead(name, out);
  return out;
}

void Tracer::emitCheck(const TValue &cond, const std::string &message, const SourceLoc &loc) {
  if (cond.isConst()) {
    if (!consteval::truthy(cond)) throw CompileError(loc, message);
    return;
  }
  emit("check", {materialize(cond, loc)}, {trace::Attr{"message", message + " (" + loc.str() + ")"}}, {}, loc);
}

std::string Tracer::materializeTensor(const TValue &v, const SourceLoc &loc) {
  std::string id = materialize(v, loc);
  Type t = typeOfId(id);
  if (!t.scalar) return id;
  return emit1("horzcat", {id}, {}, {Type::makeTensor(t.dtype, {Dim::constant(1), Dim::constant(1)})}, loc).id;
}

std::string Tracer::currentFunction() const {
  if (functionScopes_.empty() || !functionScopes_.back().outputs || callStack_.empty()) return "";
  return callStack_.back();
}

void Tracer::failAlways(const std::string &message, const SourceLoc &loc) {
  std::string never = materialize(TValue::constant(0, DType::Logical), loc);
  emit("check", {never}, {trace::Attr{"message", message + " (" + loc.str() + ")"}}, {}, loc);
}

// ---- program and functions --------------------------------------------------------

trace::Trace Tracer::run() {
  trace_.source = program_.file;
  trace_.entries.emplace_back();
  entry_ = &trace_.entries.back();
  shimParams_.clear();
  findParamGuards(program_.script);
  entry_->body.name = "body";
  pushRegion(&entry_->body);
  if (!program_.isFunctionFile) {
    entry_->name = entryNameFor(program_.file);
    entry_->kind = trace::EntryKind::Script;
    entry_->loc = SourceLoc{program_.file, 1, 1};
    functionScopes_.push_back({&program_.script, nullptr});
    callStack_.push_back(entry_->name);
    execTopLevel(program_.script);
  } else {
    const Function &f = program_.functions.at(0);
    entry_->name = f.name;
    entry_->kind = trace::EntryKind::Function;
    entry_->loc = f.loc;
    if (!f.params.empty() && f.params.back() == "varargin")
      throw CompileError(f.loc, "an entry function cannot take varargin: its inputs are the artifact's, each "
                                "with a name and a size (varargin works in the functions it calls)");
    for (const std::string &p : f.params) {
      const ArgumentDecl *decl = nullptr;
      for (const ArgumentDecl &d : f.arguments)
        if (d.name == p) decl = &d;
      DType dt = DType::Double;
      std::vector<std::string> extents = {":", ":"};
      if (decl) {
        if (!decl->className.empty()) {
          auto parsed = trace::parseDType(decl->className);
          if (!parsed)
            throw CompileError(decl->loc, "argument class '" + decl->className +
                                              "' is not supported (use double, single or logical)");
          dt = *parsed;
        }
        if (!decl->dims.empty()) extents = decl->dims;
        if (extents.size() < 2)
          throw CompileError(decl->loc, "the size of '" + p + "' needs at least two extents, as in (:,:)");
      }
      trace::Input in;
      in.name = p;
      std::vector<Dim> shape;
      for (const std::string &e : extents) {
        std::string id = newId();
        define(id, Type::makeScalar(DType::Double));
        valueNames_[id] = "size(" + p + "," + std::to_string(in.dims.size() + 1) + ")";
        in.dims.push_back(id);
        shape.push_back(e == ":" ? Dim::symbolic(id) : Dim::constant(std::stoll(e)));
      }
      in.value = trace::Value{newId(), Type::makeTensor(dt, shape)};
      define(in.value.id, in.value.type);
      env_[p] = TValue::runtime(in.value.id, in.value.type);
      entry_->inputs.push_back(in);
    }
    for (const ArgumentDecl &d : f.arguments)
      if (std::find(f.params.begin(), f.params.end(), d.name) == f.params.end())
        throw CompileError(d.loc, "'" + d.name + "' in the arguments block is not an input of '" + f.name + "'");
    functionScopes_.push_back({&f.body, &f.outputs});
    callStack_.push_back(f.name);
    argCounts_.push_back({(int)f.params.size(), (int)f.outputs.size()});
    execTopLevel(f.body);
    reportProblems();
    argCounts_.pop_back();
    for (const std::string &o : f.outputs) {
      if (!hasVariable(o))
        throw CompileError(f.loc, "output '" + o + "' of function '" + f.name + "' is never assigned");
      TValue v = readVariable(o, f.loc);
      entry_->outputs.push_back(trace::Output{o, materialize(v, f.loc), 0});
    }
  }
  reportProblems();
  popRegion();
  // The host functions the entry calls come after it.
  for (trace::Entry &h : hostEntries_) trace_.entries.push_back(std::move(h));
  hostEntries_.clear();
  stripIntegerClasses();
  return std::move(trace_);
}

// Integer classes are the tracer's: the trace it returns has storage types
// (doubles), as the schema and its validator know them.
void Tracer::stripIntegerClasses() {
  std::function<void(trace::Region &)> region = [&](trace::Region &r) {
    for (trace::Value &a : r.args) a.type.integerClass = trace::IntegerClass::None;
    for (trace::Op &op : r.ops) {
      for (trace::Value &v : op.results) v.type.integerClass = trace::IntegerClass::None;
      for (trace::Region &inner : op.regions) region(inner);
    }
  };
  for (trace::Entry &e : trace_.entries) {
    for (trace::Param &p : e.params) p.value.type.integerClass = trace::IntegerClass::None;
    for (trace::Input &in : e.inputs) in.value.type.integerClass = trace::IntegerClass::None;
    region(e.body);
  }
}

namespace {
// How deep an inlined recursion may go before it is refused.
constexpr long kMaxRecursionDepth = 100;
} // namespace

const Function *Tracer::findFunction(const std::string &name) {
  for (const Function &f : program_.functions)
    if (f.name == name) return &f;
  for (const auto &p : loadedPrograms_)
    for (const Function &f : p->functions)
      if (f.name == name) return &f;
  std::optional<std::pair<std::string, std::string>> found;
  if (options_.findFunction) found = options_.findFunction(name);
  if (!found) {
    auto lib = libraryFunctions().find(name);
    if (lib == libraryFunctions().end()) return nullptr;
    found = std::make_pair("<runmatc library>/" + name + ".m", lib->second);
  }
  auto prog = std::make_unique<Program>(parseProgram(found->second, found->first));
  if (!prog->isFunctionFile || prog->functions.empty() || prog->functions[0].name != name)
    return nullptr;
  loadedPrograms_.push_back(std::move(prog));
  return &loadedPrograms_.back()->functions[0];
}

std::vector<TValue> Tracer::callFunction(const Function &f, std::vector<TValue> args, int nargout,
                                         const SourceLoc &loc) {
  // Calls are inlined, so a recursion is traced as deep as it runs: it must
  // end at compile time, its deciding arguments known when compiling; a
  // recursion on run-time scalars calls a host function instead.
  const bool tooDeep = std::count(callStack_.begin(), callStack_.end(), f.name) >= kMaxRecursionDepth;
  if (wantsHostFunction(f, args, tooDeep)) return callHostFunction(f, args, nargout, loc);
  if (tooDeep)
    throw CompileError(loc, "recursive call to '" + f.name + "' is deeper than " +
                                std::to_string(kMaxRecursionDepth) +
                                " calls: runmatc inlines function calls, so a recursion on arrays must end at "
                                "compile time (its arguments known when compiling); a recursion on run-time "
                                "scalars is compiled as a host function, but recursion on arrays known only at run "
                                "time is not supported yet");
  const bool variadic = !f.params.empty() && f.params.back() == "varargin";
  const size_t named = f.params.size() - (variadic ? 1 : 0);
  if (args.size() > named && !variadic)
    throw CompileError(loc, "too many inputs to '" + f.name + "' (it takes " + std::to_string(f.params.size()) + ")");
  if (nargout > (int)std::max<size_t>(1, f.outputs.size()))
    throw CompileError(loc, "too many outputs requested from '" + f.name + "'");
  Env saved = std::move(env_);
  env_.clear();
  for (size_t i = 0; i < args.size() && i < named; ++i) env_[f.params[i]] = args[i];
  if (variadic) {
    // The inputs past the named ones, as a 1xN cell array.
    std::vector<TValue> rest(args.begin() + (long)std::min(named, args.size()), args.end());
    int64_t count = (int64_t)rest.size();
    env_["varargin"] = TValue::cellValue({1, count}, std::move(rest));
  }
  functionScopes_.push_back({&f.body, &f.outputs});
  callStack_.push_back(f.name);
  argCounts_.push_back({(int)args.size(), nargout});
  execBlock(f.body);
  argCounts_.pop_back();
  std::vector<TValue> out;
  for (int k = 0; k < std::max(nargout, 1) && k < (int)f.outputs.size(); ++k) {
    if (!hasVariable(f.outputs[k])) {
      if (k == 0 && nargout == 0) break;
      throw CompileError(loc, "output '" + f.outputs[k] + "' of '" + f.name + "' is not assigned");
    }
    out.push_back(readVariable(f.outputs[k], loc));
  }
  callStack_.pop_back();
  functionScopes_.pop_back();
  env_ = std::move(saved);
  return out;
}

// ---- statements ------------------------------------------------------------------------

void Tracer::execBlock(const Block &b) {
  for (const StmtPtr &s : b) execStmt(*s);
}

namespace {
// Problems one run reports at most.
constexpr size_t kMaxProblems = 10;
} // namespace

void Tracer::execTopLevel(const Block &b) {
  for (const StmtPtr &s : b) {
    // What a failing statement may leave half done: the stacks it pushed,
    // the callee's variables of a call it was inside.
    Env env = env_;
    size_t scopes = scopes_.size(), functionScopes = functionScopes_.size(), callStack = callStack_.size(),
           argCounts = argCounts_.size(), trackedArgs = trackedArgs_.size(), readTracked = readTracked_.size(),
           endStack = endStack_.size();
    int discovering = discovering_, handleDepth = handleDepth_;
    try {
      execStmt(*s);
    } catch (const CompileError &e) {
      if (!dynamic_cast<const DependentProblem *>(&e)) problems_.push_back({e.loc(), e.message()});
      if (problems_.size() >= kMaxProblems) reportProblems();
      env_ = std::move(env);
      scopes_.resize(scopes);
      functionScopes_.resize(functionScopes);
      callStack_.resize(callStack);
      argCounts_.resize(argCounts);
      trackedArgs_.resize(trackedArgs);
      readTracked_.resize(readTracked);
      endStack_.resize(endStack);
      discovering_ = discovering;
      handleDepth_ = handleDepth;
      // What it would have assigned cannot be used; reads of it are not
      // problems of their own.
      std::set<std::string> assigned;
      collectAssignedStmt(*s, assigned);
      for (const std::string &name : assigned) {
        if (!env_.count(name)) env_[name] = TValue::constant(0);
        poisoned_.insert(name);
      }
    }
  }
}

void Tracer::reportProblems() {
  if (problems_.empty()) return;
  std::vector<CompileError::Problem> further(problems_.begin() + 1, problems_.end());
  throw CompileError(problems_[0].loc, problems_[0].message, std::move(further));
}

void Tracer::assign(const std::string &name, TValue v, bool show, const SourceLoc &loc) {
  poisoned_.erase(name);
  v.guardId.clear();
  v.elements.clear();
  env_[name] = v;
  if (show) display(name, v, loc);
}

void Tracer::display(const std::string &name, const TValue &v, const SourceLoc &loc) {
  if (v.isText()) {
    emit("fprintf", {}, {trace::Attr{"format", escapeFormat(name + " = " + v.text) + "\\n"}}, {}, loc);
    return;
  }
  if (v.isFormat()) {
    // Text built at run time (s = sprintf(...)): shown as text is, name = text.
    std::vector<std::string> ids;
    for (const TValue &a : v.formatArgs) ids.push_back(materialize(a, loc));
    emit("fprintf", {}, {trace::Attr{"format", escapeFormat(name + " = ")}}, {}, loc);
    emit("fprintf", ids, {trace::Attr{"format", v.text}}, {}, loc);
    emit("fprintf", {}, {trace::Attr{"format", std::string("\\n")}}, {}, loc);
    return;
  }
  std::vector<trace::Attr> attrs = {trace::Attr{"name", name}};
  if (v.integerClass() != trace::IntegerClass::None)
    attrs.push_back(trace::Attr{"class", std::string(trace::integerClassName(v.integerClass()))});
  emit("display", {materialize(v, loc)}, attrs, {}, loc);
}

void Tracer::execStmt(const Stmt &s) {
  switch (s.kind) {
  case StmtKind::Expression: {
    const Expr &e = *s.expr;
    if (e.kind == ExprKind::Ident && hasVariable(e.text)) {
      TValue v = readVariable(e.text, e.loc);
      if (s.display) display(e.text, v, s.loc);
      return;
    }
    std::vector<TValue> vals = evalMulti(e, 0);
    if (!vals.empty()) assign("ans", vals[0], s.display, s.loc);
    return;
  }
  case StmtKind::Assign: {
    const Target &t = s.targets[0];
    if (t.indexed) {
      assignIndexed(t, *s.expr, s.display, s.loc);
      return;
    }
    assign(t.name, eval(*s.expr), s.display, s.loc);
    return;
  }
  case StmtKind::MultiAssign: {
    std::vector<TValue> vals = evalMulti(*s.expr, (int)s.targets.size());
    if (vals.size() < s.targets.size())
      throw CompileError(s.expr->loc, "the right-hand side gives " + std::to_string(vals.size()) +
                                          " values for " + std::to_string(s.targets.size()) + " targets");
    for (size_t i = 0; i < s.targets.size(); ++i) {
      const Target &t = s.targets[i];
      if (t.ignored) continue;
      if (t.indexed)
        throw CompileError(t.loc, "an indexed target in [a, b, ...] = f(...) is not supported by runmatc; "
                                  "assign to a variable first");
      assign(t.name, vals[i], s.display, s.loc);
    }
    return;
  }
  case StmtKind::If:
    if (!tryParamGuard(s)) traceIf(s, 0);
    return;
  case StmtKind::For:
    traceFor(s);
    return;
  case StmtKind::While:
    traceWhile(s);
    return;
  case StmtKind::Break:
  case StmtKind::Continue:
  case StmtKind::Return:
    // parseProgram rewrites early exits into flags (EarlyExits.h).
    throw CompileError(s.loc, "internal error: an early exit reached the tracer");
  case StmtKind::Command:
    execCommand(s);
    return;
  case StmtKind::Unsupported:
    throw CompileError(s.loc, "'" + s.name + "' is not supported by runmatc");
  }
}

void Tracer::execCommand(const Stmt &s) {
  const std::string &n = s.name;
  if (n == "clc" || n == "close" || n == "more" || n == "figure" || n == "hold" || n == "warning" ||
      n == "pkg")
    return; // no effect on a compiled program's results
  if (n == "clear" || n == "clearvars") {
    bool all = s.words.empty();
    for (const std::string &w : s.words) all |= w == "all" || w == "-all" || w == "variables" || w == "-v";
    if (all) env_.clear();
    else
      for (const std::string &w : s.words) env_.erase(w);
    return;
  }
  throw CompileError(s.loc, "'" + n + "' is not supported by runmatc");
}

namespace {

// The name X when `cond` is ~exist('X') or ~exist('X', 'var').
std::optional<std::string> notExistName(const Expr &c) {
  if (c.kind != ExprKind::Unary || c.text != "~") return std::nullopt;
  const Expr &call = *c.args[0];
  if (call.kind != ExprKind::Index || call.text != "exist" || call.args.empty() || call.args.size() > 2)
    return std::nullopt;
  if (call.args[0]->kind != ExprKind::String) return std::nullopt;
  if (call.args.size() == 2 && (call.args[1]->kind != ExprKind::String || call.args[1]->text != "var"))
    return std::nullopt;
  return call.args[0]->text;
}

// The one statement `X = ...` of a guard's branch, or null.
const Stmt *soleAssignmentTo(const Block &b, const std::string &name) {
  if (b.size() != 1 || b[0]->kind != StmtKind::Assign || b[0]->targets.size() != 1 || b[0]->targets[0].indexed ||
      b[0]->targets[0].name != name)
    return nullptr;
  return b[0].get();
}

// A block that only assigns variables (possibly under ifs): running it
// when its guard is false changes nothing a select of its results cannot undo.
bool onlyAssigns(const Block &b) {
  for (const StmtPtr &s : b) {
    if (s->kind == StmtKind::Assign) {
      for (const Target &t : s->targets)
        if (t.indexed) return false;
      if (s->display) return false;
      continue;
    }
    if (s->kind != StmtKind::If) return false;
    for (const IfClause &c : s->clauses)
      if (!onlyAssigns(c.body)) return false;
    if (!onlyAssigns(s->elseBody)) return false;
  }
  return true;
}

} // namespace

// A host scalar that is `a` when `cond` holds, else `b` (a run-time if).
TValue Tracer::hostSelect(const TValue &cond, const TValue &a, const TValue &b, const std::string &var,
                          const SourceLoc &loc) {
  Type t = unifyTypes(var, typeOf(a), typeOf(b), loc, "when given", "by default");
  trace::Op op = ifOp(materialize(castTo(cond, DType::Logical, loc), loc), loc);
  for (int r = 0; r < 2; ++r) {
    pushRegion(&op.regions[r]);
    op.regions[r].yields.push_back(coerceTo(r == 0 ? a : b, t, var, loc));
    popRegion();
  }
  op.results.push_back(trace::Value{newId(), t});
  define(op.results[0].id, t);
  appendOp(std::move(op));
  return TValue::runtime(scopes_.back().region->ops.back().results[0].id, t);
}

// The names the program's top-level guards declare as parameters.
void Tracer::findParamGuards(const Block &b) {
  for (const StmtPtr &s : b)
    if (s->kind == StmtKind::If && s->clauses.size() == 1)
      if (std::optional<std::string> name = notExistName(*s->clauses[0].cond))
        if (soleAssignmentTo(s->clauses[0].body, *name)) declaredParams_.insert(*name);
}

// `if ~exist('X', 'var'), X = <default>; end` declares a run-time parameter
// X. The default is a constant, or computed by the program (then X is the
// user's value when given, else the default: a `given` parameter tells).
// `else X = f(X)` applies f to a given value. A guard that does not assign
// X (`if ~exist('X', 'var') ... end` before X's own guard) runs its
// assignments only when X is not given.
bool Tracer::tryParamGuard(const Stmt &s) {
  if (s.clauses.size() != 1) return false;
  std::optional<std::string> guarded = notExistName(*s.clauses[0].cond);
  if (!guarded) return false;
  const std::string &name = *guarded;
  if (hasVariable(name)) return false;
  // In a called function it is the optional-input idiom, decided per call.
  if (callStack_.size() > 1) return false;
  const Block &body = s.clauses[0].body;
  const Stmt *assign = soleAssignmentTo(body, name);
  if (!assign) {
    // A block before X's own guard: its work stands when X is not given.
    if (s.hasElse || !declaredParams_.count(name) || scopes_.size() != 1 || !onlyAssigns(body)) return false;
    ParamSource given;
    given.kind = ParamSourceKind::Given;
    given.var = name;
    TValue notGiven = binaryOp("eq", shimParam(given, s.loc), TValue::constant(0), s.loc);
    Env before = env_;
    execBlock(body);
    for (auto &[var, after] : env_) {
      auto b = before.find(var);
      if (b == before.end()) continue;
      const TValue &old = b->second;
      bool numeric = (old.isConst() || old.isHostScalar()) && (after.isConst() || after.isHostScalar());
      bool same = old.isConst() && after.isConst() ? old.data == after.data && old.dtype == after.dtype
                                                  : old.isRuntime() && after.isRuntime() && old.id == after.id;
      if (same) continue;
      if (numeric && old.isScalarLike() && after.isScalarLike())
        after = hostSelect(notGiven, after, old, var, s.loc);
      else if (!(old.isEnvText() || after.isEnvText()))
        throw CompileError(s.loc, "'" + var + "' changes under if ~exist('" + name + "', 'var'): runmatc supports "
                                  "numbers there (set it before, or inside " + name + "'s own guard)");
    }
    return true;
  }
  const Stmt *elseAssign = s.hasElse ? soleAssignmentTo(s.elseBody, name) : nullptr;
  if (s.hasElse && !elseAssign) return false; // an else that does more: a plain if (X is not a parameter)
  if (scopes_.size() != 1 || callStack_.size() != 1)
    throw CompileError(s.loc, "parameter guards (if ~exist('" + name + "', 'var')) must be at the top level of the program");
  TValue v = eval(*assign->expr);
  if (!v.isConstScalar() && !(v.isHostScalar() && v.dtype != DType::Logical))
    throw CompileError(assign->expr->loc, "the default of parameter '" + name + "' must be a numeric scalar");
  trace::Param p;
  p.name = name;
  p.value = trace::Value{newId(), Type::makeScalar(v.isConst() ? v.dtype : v.type.dtype)};
  define(p.value.id, p.value.type);
  valueNames_[p.value.id] = name;
  p.defaultValue = v.isConst() ? v.scalar() : std::nan("");
  p.loc = assign->loc;
  entry_->params.push_back(p);
  TValue param = TValue::runtime(p.value.id, p.value.type);
  if (v.isConst() && !elseAssign) {
    env_[name] = param;
  } else {
    ParamSource given;
    given.kind = ParamSourceKind::Given;
    given.var = name;
    TValue isGiven = shimParam(given, s.loc);
    TValue userValue = param;
    if (elseAssign) {
      env_[name] = param;
      userValue = eval(*elseAssign->expr);
      if (!userValue.isScalarLike() || !(userValue.isConst() || userValue.isHostScalar()))
        throw CompileError(elseAssign->loc, "the else branch of parameter '" + name + "' must give a number");
    }
    env_[name] = hostSelect(isGiven, userValue, v, name, s.loc);
  }
  if (assign->display) display(name, env_[name], assign->loc);
  return true;
}

// ---- merging values across paths -----------------------------------------------------

Type Tracer::unifyTypes(const std::string &var, const Type &a, const Type &b, const SourceLoc &loc,
                        const char *whereA, const char *whereB) {
  if (a == b) return a;
  if (a.integerClass != b.integerClass) {
    auto cls = [](const Type &x) -> std::string {
      return x.integerClass != trace::IntegerClass::None ? trace::integerClassName(x.integerClass)
                                                          : trace::dtypeName(x.dtype);
    };
    trace::IntegerClass c = a.integerClass != trace::IntegerClass::None ? a.integerClass : b.integerClass;
    throw CompileError(loc, "variable '" + var + "' is " + cls(a) + " " + whereA + " but " + cls(b) + " " + whereB +
                                "; runmatc needs one class for it (make it " + trace::integerClassName(c) +
                                " on every path, as in " + var + " = " + trace::integerClassName(c) + "(0))");
  }
  Type t = a;
  if (a.dtype != b.dtype) {
    // single wins over double; logical joins as double (MATLAB's arithmetic rule)
    auto numeric = [](DType x) { return x == DType::Logical ? DType::Double : x; };
    t.dtype = trace::arithmeticDType(numeric(a.dtype), numeric(b.dtype));
  }
  auto allOnes = [](const Type &x) {
    for (const Dim &d : x.shape)
      if (!d.isOne()) return false;
    return true;
  };
  auto sizeError = [&](const Type &x, const Type &y) {
    return CompileError(loc, "variable '" + var + "' is " + shapeText(x) + " " + whereA + " but " + shapeText(y) +
                                 " " + whereB + "; runmatc needs one size for it (give it its final size before)");
  };
  if (a.scalar != b.scalar) {
    const Type &tensor = a.scalar ? b : a;
    if (!allOnes(tensor)) throw sizeError(a, b);
    t.scalar = false;
    t.shape = tensor.shape;
    return t;
  }
  if (a.shape != b.shape) throw sizeError(a, b);
  return t;
}

std::string Tracer::coerceTo(const TValue &v, const Type &t, const std::string &var, const SourceLoc &loc,
                             bool carriedExtents) {
  if (v.isText())
    throw CompileError(loc, "text variable '" + var + "' cannot change inside a loop or a run-time branch");
  TValue x = v;
  if (x.isConst() && x.dtype != t.dtype) x = consteval::cast(x, t.dtype);
  std::string id = materialize(x, loc);
  Type vt = typeOfId(id);
  if (vt.dtype != t.dtype) {
    Type ct = vt;
    ct.dtype = t.dtype;
    id = emit1("cast", {id}, {}, {ct}, loc).id;
    vt = ct;
  }
  if (vt.scalar && !t.scalar) {
    Type one = Type::makeTensor(t.dtype, {Dim::constant(1), Dim::constant(1)});
    one.integerClass = t.integerClass;
    id = emit1("horzcat", {id}, {}, {carriedExtents ? one : t}, loc).id;
    vt = typeOfId(id);
  } else if (!vt.scalar && t.scalar) {
    id = emit1("to_scalar", {id}, {}, {}, loc).id;
    vt = typeOfId(id);
  }
  // Carried extents match any extent (the boundary names the value's own).
  auto matches = [&]() {
    if (!carriedExtents) return vt == t;
    if (vt.dtype != t.dtype || vt.scalar != t.scalar || vt.shape.size() != t.shape.size() ||
        vt.integerClass != t.integerClass)
      return false;
    for (size_t k = 0; k < t.shape.size(); ++k)
      if (!isCarriedExtent(t.shape[k]) && t.shape[k] != vt.shape[k]) return false;
    return true;
  };
  if (!matches())
    throw CompileError(loc, "variable '" + var + "' is " + shapeText(vt) + " " + trace::dtypeName(vt.dtype) +
                                " here but " + shapeText(t) + " " + trace::dtypeName(t.dtype) + " on another path");
  return id;
}

void Tracer::checkCarriedTypeVisible(const Carried &c, const SourceLoc &loc) {
  for (const Dim &d : c.type.shape) {
    if (d.isConstant() || isCarriedExtent(d)) continue;
    bool visible = false;
    for (const Scope &s : scopes_) visible |= s.defined.count(d.symbol) != 0;
    if (!visible)
      throw CompileError(loc, "the size of '" + c.name + "' is computed inside the loop or branch (" +
                                  shapeText(c.type) + "); runmatc needs sizes that are fixed before it");
  }
}

std::set<std::string> Tracer::readsOutside(const Stmt &loop) const {
  std::set<std::string> out;
  collectReads(*functionScopes_.back().body, out, &loop);
  // A function's outputs are read when it returns.
  if (const std::vector<std::string> *outputs = functionScopes_.back().outputs)
    out.insert(outputs->begin(), outputs->end());
  return out;
}

// ---- if ---------------------------------------------------------------------------------

void Tracer::traceIf(const Stmt &s, size_t clause) {
  if (clause == s.clauses.size()) {
    if (s.hasElse) execBlock(s.elseBody);
    return;
  }
  const IfClause &c = s.clauses[clause];
  TValue cond = evalCond(*c.cond);
  if (cond.isConst()) {
    if (consteval::truthy(cond)) execBlock(c.body);
    else traceIf(s, clause + 1);
    return;
  }
  std::set<std::string> assigned;
  collectAssigned(c.body, assigned);
  for (size_t k = clause + 1; k < s.clauses.size(); ++k) collectAssigned(s.clauses[k].body, assigned);
  collectAssigned(s.elseBody, assigned);

  trace::Op op = ifOp(cond.id, c.loc);
  Env before = env_;

  pushRegion(&op.regions[0]);
  execBlock(c.body);
  Env thenEnv = env_;
  Scope thenScope = scopes_.back();
  popRegion();
  env_ = before;

  pushRegion(&op.regions[1]);
  traceIf(s, clause + 1);
  Env elseEnv = env_;
  Scope elseScope = scopes_.back();
  popRegion();
  env_ = before;

  struct Merge {
    std::string name;
    const TValue *then = nullptr, *otherwise = nullptr;
    Type type;
  };
  auto same = [](const TValue &a, const TValue &b) {
    if (a.kind != b.kind) return false;
    if (a.isRuntime()) return a.id == b.id;
    if (a.isText()) return a.text == b.text;
    return a.dtype == b.dtype && a.dims == b.dims && a.data == b.data;
  };
  std::vector<Merge> merges;
  bool needGuard = false;
  for (const std::string &name : assigned) {
    auto t = thenEnv.find(name), e = elseEnv.find(name);
    bool inT = t != thenEnv.end(), inE = e != elseEnv.end();
    if (!inT && !inE) continue;
    if (inT && inE && same(t->second, e->second)) {
      env_[name] = t->second;
      continue;
    }
    Merge m;
    m.name = name;
    m.then = inT ? &t->second : nullptr;
    m.otherwise = inE ? &e->second : nullptr;
    if (std::optional<TValue> env = mergeEnvText(*c.cond, m.then, m.otherwise)) {
      env_[name] = *env; // one environment text with its fallback
      continue;
    }
    auto special = [](const TValue *v) { return v && (v->isText() || v->isEnvText() || v->isCell()); };
    if (special(m.then) || special(m.otherwise))
      throw CompileError(c.loc, "text variable '" + name + "' cannot be assigned in a run-time branch (runmatc "
                                "knows text at compile time, or as an environment variable's text with a "
                                "fallback: if isempty(getenv(...)) ... else ... end)");
    // Sizes that differ between the branches, or that a branch computes,
    // become extents the if yields beside the value (TracerLoopCarried.cpp).
    if (m.then && m.otherwise)
      m.type = withCarriedInnerExtents(unifyCarried(name, withCarriedInnerExtents(typeOf(*m.then)),
                                                    withCarriedInnerExtents(typeOf(*m.otherwise)), c.loc,
                                                    "in the then branch", "in the else branch"));
    else
      m.type = withCarriedInnerExtents(typeOf(m.then ? *m.then : *m.otherwise));
    if (!m.then || !m.otherwise) needGuard = true;
    merges.push_back(m);
  }
  std::vector<Carried> yielded;
  for (const Merge &m : merges) yielded.push_back(Carried{m.name, m.type, false});
  if (needGuard) yielded.push_back(Carried{" assigned", Type::makeScalar(DType::Logical), false});
  size_t variables = yielded.size();
  expandCarriedExtents(yielded);

  auto yieldAll = [&](trace::Region &region, Scope &scope, bool isThen) {
    scopes_.push_back(scope);
    std::vector<std::optional<TValue>> values;
    for (const Merge &m : merges) {
      const TValue *v = isThen ? m.then : m.otherwise;
      if (v) {
        auto b = before.find(m.name);
        if (b != before.end() && v->isRuntime() && b->second.isRuntime() && b->second.id == v->id)
          noteRead(m.name, *v);
        values.push_back(*v);
      } else {
        values.push_back(std::nullopt);
      }
    }
    if (needGuard) values.push_back(TValue::constant(isThen ? 1 : 0, DType::Logical));
    region.yields = carriedBoundary(yielded, values, c.loc);
    scope = scopes_.back();
    scopes_.pop_back();
  };
  yieldAll(op.regions[0], thenScope, true);
  yieldAll(op.regions[1], elseScope, false);

  op.results = defineCarried(yielded, false);
  std::string guardId = needGuard ? op.results[variables - 1].id : "";
  appendOp(std::move(op));
  const trace::Op &placed = scopes_.back().region->ops.back();
  for (size_t i = 0; i < merges.size(); ++i) {
    TValue v = TValue::runtime(placed.results[i].id, placed.results[i].type);
    if (!merges[i].then || !merges[i].otherwise) {
      v.guardId = guardId;
      v.guardMessage = "variable '" + merges[i].name + "' is undefined: it is assigned in only one branch of the if at " +
                       c.loc.str() + ", and the other branch ran";
      v.guardDepth = scopes_.size();
    }
    env_[merges[i].name] = v;
  }
}

TValue Tracer::shortCircuit(bool isAnd, const TValue &a, const Expr &rhs, const SourceLoc &loc) {
  const Type logical = Type::makeScalar(DType::Logical);
  trace::Op op = ifOp(materialize(a, loc), loc);
  // The branch where `a` does not decide evaluates rhs.
  trace::Region &evaluates = op.regions[isAnd ? 0 : 1], &decided = op.regions[isAnd ? 1 : 0];
  pushRegion(&evaluates);
  TValue b = evalCond(rhs);
  if (b.isConst()) {
    // Nothing to guard: a && true is a, a && false is false.
    popRegion();
    return binaryOp(isAnd ? "and" : "or", a, b, loc);
  }
  evaluates.yields.push_back(coerceTo(b, logical, "a condition", loc));
  popRegion();
  pushRegion(&decided);
  decided.yields.push_back(materialize(TValue::constant(isAnd ? 0 : 1, DType::Logical), loc));
  popRegion();
  op.results.push_back(trace::Value{newId(), logical});
  define(op.results[0].id, logical);
  appendOp(std::move(op));
  const trace::Op &placed = scopes_.back().region->ops.back();
  return TValue::runtime(placed.results[0].id, logical);
}

// ---- loops --------------------------------------------------------------------------------

// Inside an enclosing loop's type discovery only what a loop leaves behind
// matters: its carried variables, as values of their settled types. They
// stand in without the loop being traced again (tracing every loop's body
// once to discover and once for real made nested loops cost 2^depth).
void Tracer::standInForLoop(const std::vector<Carried> &carried, const std::set<std::string> &assigned,
                            const std::map<std::string, Type> &argTypes) {
  for (const Carried &c : carried) {
    Type t = withFreshExtents(c.type);
    std::string id = newId();
    define(id, t);
    env_[c.name] = TValue::runtime(id, t);
  }
  for (const std::string &name : assigned) {
    bool isCarried = false;
    for (const Carried &c : carried) isCarried |= c.name == name;
    if (!isCarried && !argTypes.count(name)) env_.erase(name);
  }
}

void Tracer::traceFor(const Stmt &s) {
  const Expr &re = *s.expr;
  if (re.kind != ExprKind::Range)
    throw CompileError(re.loc, "runmatc compiles for loops over ranges (for i = a:b or a:s:b); this loop "
                               "iterates over the columns of a value");
  TValue start = toHostScalar(eval(*re.args[0]), re.args[0]->loc, "a loop bound");
  TValue step = re.args.size() == 3 ? toHostScalar(eval(*re.args[1]), re.args[1]->loc, "a loop step")
                                    : TValue::constant(1);
  TValue stop = toHostScalar(eval(*re.args.back()), re.args.back()->loc, "a loop bound");
  DType ivType = (start.dtype == DType::Single || step.dtype == DType::Single || stop.dtype == DType::Single)
                     ? DType::Single
                     : DType::Double;
  // for i = 1:n with an int32 n: i is an int32 (the range's class); the
  // loop counts in doubles.
  Type ivT = Type::makeScalar(ivType);
  if (trace::IntegerClass c = commonIntegerClass({start, step, stop}); c != trace::IntegerClass::None) {
    ivT.integerClass = c;
    start = castTo(start, DType::Double, re.loc);
    step = castTo(step, DType::Double, re.loc);
    stop = castTo(stop, DType::Double, re.loc);
  }
  if (start.isConst() && step.isConst() && stop.isConst() &&
      consteval::colonCount(start.scalar(), step.scalar(), stop.scalar()) == 0)
    return; // the body never runs
  if (step.isConst() && step.scalar() == 0)
    return;
  if (start.isConst() && step.isConst() && stop.isConst()) {
    int64_t trips = consteval::colonCount(start.scalar(), step.scalar(), stop.scalar());
    if (canUnroll(trips)) {
      // A loop whose trip count is known may need what one traced body
      // cannot give: an array that grows, a range whose length follows the
      // loop variable. Unrolled, each trip has constant subscripts.
      TraceSnapshot before = snapshot();
      int64_t growthBefore = runtimeGrowthAssignments_;
      try {
        traceLoopOverRange(s, start, step, stop, ivT);
        if (runtimeGrowthAssignments_ == growthBefore) return;
      } catch (const CompileError &) {
        std::exception_ptr generic = std::current_exception(); // as thrown (a DependentProblem stays one)
        restore(before);
        try {
          unrollFor(s, start.scalar(), step.scalar(), trips, ivT);
          return;
        } catch (const CompileError &) {
          std::rethrow_exception(generic);
        }
      }
      // The body grows an array at run-time subscripts: unrolled, each trip
      // grows it at constant ones. Where that fails, trace it as before.
      restore(before);
      try {
        unrollFor(s, start.scalar(), step.scalar(), trips, ivT);
        return;
      } catch (const CompileError &) {
        restore(before);
      }
    }
  }
  traceLoopOverRange(s, start, step, stop, ivT);
}

void Tracer::traceLoopOverRange(const Stmt &s, const TValue &start, const TValue &step, const TValue &stop,
                                const Type &ivType) {
  std::set<std::string> assigned;
  collectAssigned(s.body, assigned);
  assigned.insert(s.name);

  std::map<std::string, Type> argTypes;
  for (const std::string &name : assigned)
    if (name != s.name && env_.count(name) && !env_[name].isText()) argTypes[name] = typeOf(env_[name]);

  std::vector<Carried> carried = discoverCarried(s, assigned, argTypes, [&]() {
    std::string iv = newId();
    define(iv, ivType);
    noteLoopBounds(iv, start, step, stop);
    env_[s.name] = TValue::runtime(iv, ivType);
    execBlock(s.body);
  });

  if (discovering_ > 0) return standInForLoop(carried, assigned, argTypes);

  size_t variables = carried.size();
  expandCarriedExtents(carried);
  // A loop that carries extents is unrolled where it can be (traceFor):
  // its trips then have constant sizes.
  if (carried.size() > variables) ++runtimeGrowthAssignments_;
  std::vector<std::optional<TValue>> initValues;
  for (size_t i = 0; i < variables; ++i) {
    checkCarriedTypeVisible(carried[i], s.loc);
    if (carried[i].firstDefinedInLoop) initValues.push_back(std::nullopt);
    else initValues.push_back(readVariable(carried[i].name, s.loc));
  }
  std::vector<std::string> inits = carriedBoundary(carried, initValues, s.loc);
  trace::Op op;
  op.name = "for";
  op.loc = s.loc;
  op.operands = {materialize(start, s.loc), materialize(step, s.loc), materialize(stop, s.loc)};
  op.operands.insert(op.operands.end(), inits.begin(), inits.end());
  op.regions.resize(1);
  trace::Region &body = op.regions[0];
  body.name = "body";
  // After the loop only its results stand: a variable it assigns but does
  // not carry keeps its value from before (a value of the body's region is
  // not defined outside it).
  Env before = env_;
  pushRegion(&body);
  trace::Value ivValue{newId(), ivType};
  define(ivValue.id, ivValue.type);
  noteLoopBounds(ivValue.id, start, step, stop);
  body.args.push_back(ivValue);
  for (const trace::Value &a : defineCarried(carried, true)) body.args.push_back(a);
  // The loop variable reads as this trip's value, also when it is carried
  // (read after the loop): binding it before the carried values let its
  // carried argument, the previous trip's value, shadow it.
  env_[s.name] = TValue::runtime(ivValue.id, ivValue.type);
  execBlock(s.body);
  std::vector<std::optional<TValue>> yieldValues;
  for (size_t i = 0; i < variables; ++i) {
    const Carried &c = carried[i];
    if (!hasVariable(c.name))
      throw CompileError(s.loc, "variable '" + c.name + "' is not assigned on every path through the loop body");
    TValue v = env_[c.name];
    if (!v.guardId.empty()) v = readVariable(c.name, s.loc);
    yieldValues.push_back(v);
  }
  body.yields = carriedBoundary(carried, yieldValues, s.loc);
  popRegion();
  env_ = std::move(before);
  op.results = defineCarried(carried, false);
  std::vector<trace::Value> results = op.results;
  appendOp(std::move(op));

  // Variables first assigned in the loop exist afterwards only if it ran.
  std::string ran;
  for (size_t i = 0; i < variables; ++i) {
    TValue v = TValue::runtime(results[i].id, results[i].type);
    if (carried[i].firstDefinedInLoop) {
      if (ran.empty()) {
        // The loop ran iff its range is not empty.
        TValue positive =
            step.isConst() ? binaryOp(step.scalar() > 0 ? "le" : "ge", start, stop, s.loc)
                           : binaryOp("gt", rangeCount(start, step, stop, s.loc), TValue::constant(0), s.loc);
        ran = materialize(positive, s.loc);
      }
      v.guardId = ran;
      v.guardMessage = "variable '" + carried[i].name + "' is undefined: the for loop at " + s.loc.str() +
                       " ran zero times";
      v.guardDepth = scopes_.size();
    }
    env_[carried[i].name] = v;
  }
  for (const std::string &name : assigned) {
    bool isCarried = false;
    for (const Carried &c : carried) isCarried |= c.name == name;
    if (!isCarried && !argTypes.count(name)) env_.erase(name);
  }
}

void Tracer::traceWhile(const Stmt &s) {
  std::set<std::string> assigned;
  collectAssigned(s.body, assigned);
  std::map<std::string, Type> argTypes;
  for (const std::string &name : assigned)
    if (env_.count(name) && !env_[name].isText()) argTypes[name] = typeOf(env_[name]);

  bool neverRuns = false, alwaysTrue = false;
  std::vector<Carried> carried = discoverCarried(s, assigned, argTypes, [&]() {
    TValue cond = evalCond(*s.expr);
    neverRuns = cond.isConst() && !consteval::truthy(cond);
    alwaysTrue = cond.isConst() && !neverRuns;
    if (!neverRuns && !alwaysTrue) execBlock(s.body);
  });
  if (neverRuns) return;
  if (alwaysTrue)
    throw CompileError(s.expr->loc, "this while condition is always true and the loop has no "
                                    "'break' or 'return': it would never end");
  if (discovering_ > 0) return standInForLoop(carried, assigned, argTypes);

  bool needRan = false;
  for (const Carried &c : carried) needRan |= c.firstDefinedInLoop;
  const std::string ranName = " ran";
  if (needRan) carried.push_back(Carried{ranName, Type::makeScalar(DType::Logical), false});
  size_t variables = carried.size();
  expandCarriedExtents(carried);

  std::vector<std::optional<TValue>> initValues;
  for (size_t i = 0; i < variables; ++i) {
    const Carried &c = carried[i];
    checkCarriedTypeVisible(c, s.loc);
    if (c.name == ranName) initValues.push_back(TValue::constant(0, DType::Logical));
    else if (c.firstDefinedInLoop) initValues.push_back(std::nullopt);
    else initValues.push_back(readVariable(c.name, s.loc));
  }
  std::vector<std::string> inits = carriedBoundary(carried, initValues, s.loc);
  trace::Op op;
  op.name = "while";
  op.loc = s.loc;
  op.operands = inits;
  op.regions.resize(2);
  op.regions[0].name = "cond";
  op.regions[1].name = "body";
  Env before = env_;
  for (int r = 0; r < 2; ++r) {
    trace::Region &region = op.regions[r];
    pushRegion(&region);
    region.args = defineCarried(carried, true);
    if (r == 0) {
      TValue cond = evalCond(*s.expr);
      region.yields.push_back(materialize(cond, s.expr->loc));
    } else {
      execBlock(s.body);
      std::vector<std::optional<TValue>> yieldValues;
      for (size_t i = 0; i < variables; ++i) {
        const Carried &c = carried[i];
        if (c.name == ranName) {
          yieldValues.push_back(TValue::constant(1, DType::Logical));
          continue;
        }
        if (!hasVariable(c.name))
          throw CompileError(s.loc, "variable '" + c.name + "' is not assigned on every path through the loop body");
        TValue v = env_[c.name];
        if (!v.guardId.empty()) v = readVariable(c.name, s.loc);
        yieldValues.push_back(v);
      }
      region.yields = carriedBoundary(carried, yieldValues, s.loc);
    }
    popRegion();
    env_ = before;
  }
  op.results = defineCarried(carried, false);
  std::vector<trace::Value> results = op.results;
  appendOp(std::move(op));
  std::string ranId = needRan ? results[variables - 1].id : "";
  for (size_t i = 0; i < variables; ++i) {
    if (carried[i].name == ranName) continue;
    TValue v = TValue::runtime(results[i].id, results[i].type);
    if (carried[i].firstDefinedInLoop) {
      v.guardId = ranId;
      v.guardMessage = "variable '" + carried[i].name + "' is undefined: the while loop at " + s.loc.str() +
                       " ran zero times";
      v.guardDepth = scopes_.size();
    }
    env_[carried[i].name] = v;
  }
  for (const std::string &name : assigned) {
    bool isCarried = false;
    for (const Carried &c : carried) isCarried |= c.name == name;
    if (!isCarried && !argTypes.count(name)) env_.erase(name);
  }
}

// ---- entry points -------------------------------------------------------------------------

std::string entryNameFor(const std::string &path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot != std::string::npos) base = base.substr(0, dot);
  std::string out;
  for (char c : base) out += (std::isalnum((unsigned char)c) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit((unsigned char)out[0])) out = "p_" + out;
  return out;
}

trace::Trace traceProgram(const Program &program, const std::string &sourceText, const TraceOptions &options) {
  return Tracer(program, sourceText, options).run();
}

trace::Trace traceFile(const std::string &path, const TraceOptions &options) {
  std::string text = readFileOrThrow(path);
  Program prog = parseProgram(text, path);
  TraceOptions opts = options;
  if (!opts.findFunction) {
    size_t slash = path.find_last_of('/');
    std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    opts.findFunction = [dir](const std::string &name) -> std::optional<std::pair<std::string, std::string>> {
      std::string p = dir + name + ".m";
      std::ifstream in(p);
      if (!in) return std::nullopt;
      std::ostringstream ss;
      ss << in.rdbuf();
      return std::make_pair(p, ss.str());
    };
  }
  return traceProgram(prog, text, opts);
}

} // namespace runmat::frontend
