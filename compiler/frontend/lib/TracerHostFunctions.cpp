// Recursion on run-time scalars. Calls are inlined, and an inlined
// recursion ends only where its deciding arguments are known when
// compiling. A recursive call whose arguments are host scalars, one of them
// known only at run time (or a recursion deeper than inlining goes), is
// instead a "call" of a host function: the callee traced once as a function
// of scalars (a trace entry of kind host_function), compiled as code on the
// host. Its work is scalar, so it never launches a kernel.
#include "TracerImpl.h"

#include <algorithm>

namespace runmat::frontend {

namespace {
// Octave's max_recursion_depth: a run that goes deeper stops with an error
// instead of overflowing the stack.
constexpr int kHostRecursionLimit = 256;
// Tracing again with the output types the body gave (logical, single,
// integer classes) settles in one retry; more means the types do not settle.
constexpr int kSignatureAttempts = 3;

// What a host function may not do: arrays and random draws (its body is
// scalar code on the host, without the generator's stream). The op named is
// the innermost that computes an array; merges (an if's 1x1 of a scalar
// branch, undefined placeholders) only when nothing else does.
bool isMerge(const trace::Op &op) { return op.name == "horzcat" || op.name == "undef" || op.name == "const"; }

const trace::Op *firstNonScalarOp(const std::vector<trace::Op> &ops, bool merges) {
  for (const trace::Op &op : ops) {
    const trace::OpSchema *schema = trace::findOpSchema(op.name);
    if (schema->kind == trace::OpKind::Random || schema->kind == trace::OpKind::Rng) return &op;
    for (const trace::Region &r : op.regions)
      if (const trace::Op *inner = firstNonScalarOp(r.ops, merges)) return inner;
    if (!merges && (isMerge(op) || !op.regions.empty())) continue;
    for (const trace::Region &r : op.regions)
      for (const trace::Value &a : r.args)
        if (!a.type.scalar) return &op;
    for (const trace::Value &v : op.results)
      if (!v.type.scalar) return &op;
  }
  return nullptr;
}

const trace::Op *firstNonScalarOp(const std::vector<trace::Op> &ops) {
  if (const trace::Op *op = firstNonScalarOp(ops, false)) return op;
  return firstNonScalarOp(ops, true);
}
} // namespace

bool Tracer::wantsHostFunction(const Function &f, const std::vector<TValue> &args, bool tooDeep) const {
  if (std::find(callStack_.begin(), callStack_.end(), f.name) == callStack_.end()) return false;
  if (!f.params.empty() && f.params.back() == "varargin") return false;
  bool runtime = false;
  for (const TValue &a : args) {
    if (a.isHostScalar())
      runtime = true;
    else if (!a.isConstScalar())
      return false;
  }
  return runtime || tooDeep;
}

std::vector<TValue> Tracer::callHostFunction(const Function &f, const std::vector<TValue> &args, int nargout,
                                             const SourceLoc &loc) {
  if (args.size() > f.params.size())
    throw CompileError(loc, "too many inputs to '" + f.name + "' (it takes " + std::to_string(f.params.size()) + ")");
  if (nargout > (int)std::max<size_t>(1, f.outputs.size()))
    throw CompileError(loc, "too many outputs requested from '" + f.name + "'");
  int outputs = std::min<int>(std::max(nargout, 1), (int)f.outputs.size());
  std::vector<Type> argTypes;
  for (const TValue &a : args) argTypes.push_back(typeOf(a));
  const HostFunction &h = hostFunctionFor(f, argTypes, outputs, loc);

  // The callee's depth: one more than the caller's (1 from inlined code).
  std::string depth = hostDepth_.empty()
                          ? materialize(TValue::constant(1), loc)
                          : binaryOp("plus", TValue::runtime(hostDepth_, Type::makeScalar(DType::Double)),
                                     TValue::constant(1), loc)
                                .id;
  std::vector<std::string> operands{depth};
  for (const TValue &a : args) operands.push_back(materialize(a, loc));
  return emit("call", std::move(operands), {trace::Attr{"callee", h.symbol}}, h.results, loc);
}

const Tracer::HostFunction &Tracer::hostFunctionFor(const Function &f, const std::vector<Type> &argTypes,
                                                    int outputs, const SourceLoc &loc) {
  std::string key = f.name + "(";
  for (const Type &t : argTypes) key += t.str() + trace::integerClassName(t.integerClass) + ",";
  key += ")->" + std::to_string(outputs);
  if (auto it = hostFunctions_.find(key); it != hostFunctions_.end()) return it->second;

  HostFunction h;
  h.symbol = "runmat_host_" + f.name;
  auto taken = [&](const std::string &name) {
    for (const auto &[k, other] : hostFunctions_)
      if (other.symbol == name) return true;
    return false;
  };
  for (int n = 2; taken(h.symbol); ++n) h.symbol = "runmat_host_" + f.name + "_" + std::to_string(n);
  // Recursive calls inside the body need the results' types before the
  // body gives them: assume doubles, and trace again if they differ.
  h.results.assign((size_t)outputs, Type::makeScalar(DType::Double));
  for (int attempt = 0;; ++attempt) {
    hostFunctions_[key] = h;
    std::vector<Type> given;
    trace::Entry e;
    try {
      e = traceHostFunction(f, h.symbol, argTypes, outputs, given);
    } catch (...) {
      hostFunctions_.erase(key);
      throw;
    }
    if (given == h.results) {
      hostEntries_.push_back(std::move(e));
      return hostFunctions_[key];
    }
    if (attempt + 1 == kSignatureAttempts) {
      hostFunctions_.erase(key);
      throw CompileError(loc, "the outputs of recursive function '" + f.name +
                                  "' change type from one level of the recursion to the next");
    }
    h.results = given;
  }
}

trace::Entry Tracer::traceHostFunction(const Function &f, const std::string &symbol,
                                       const std::vector<Type> &argTypes, int outputs, std::vector<Type> &given) {
  trace::Entry e;
  e.name = symbol;
  e.kind = trace::EntryKind::HostFunction;
  e.loc = f.loc;
  e.body.name = "body";

  // The host function is traced in a context of its own: its own region,
  // variables, parameters, and no enclosing loop or dry run.
  Env savedEnv = std::move(env_);
  std::vector<Scope> savedScopes = std::move(scopes_);
  trace::Entry *savedEntry = entry_;
  auto savedShimParams = std::move(shimParams_);
  auto savedTracked = std::move(trackedArgs_);
  auto savedReadTracked = std::move(readTracked_);
  auto savedEnd = std::move(endStack_);
  std::string savedDepth = hostDepth_;
  int savedDiscovering = discovering_;
  size_t functionScopes = functionScopes_.size(), callStack = callStack_.size(), argCounts = argCounts_.size();
  auto restore = [&] {
    env_ = std::move(savedEnv);
    scopes_ = std::move(savedScopes);
    entry_ = savedEntry;
    shimParams_ = std::move(savedShimParams);
    trackedArgs_ = std::move(savedTracked);
    readTracked_ = std::move(savedReadTracked);
    endStack_ = std::move(savedEnd);
    hostDepth_ = savedDepth;
    discovering_ = savedDiscovering;
    functionScopes_.resize(functionScopes);
    callStack_.resize(callStack);
    argCounts_.resize(argCounts);
  };
  env_.clear();
  scopes_.clear();
  shimParams_.clear();
  trackedArgs_.clear();
  readTracked_.clear();
  endStack_.clear();
  discovering_ = 0;
  entry_ = &e;
  try {
    pushRegion(&e.body);
    hostDepth_ = newId();
    define(hostDepth_, Type::makeScalar(DType::Double));
    e.inputs.push_back(trace::Input{"runmat_depth", trace::Value{hostDepth_, Type::makeScalar(DType::Double)}, {}, 0});
    for (size_t i = 0; i < argTypes.size(); ++i) {
      std::string id = newId();
      define(id, argTypes[i]);
      env_[f.params[i]] = TValue::runtime(id, argTypes[i]);
      e.inputs.push_back(trace::Input{f.params[i], trace::Value{id, argTypes[i]}, {}, 0});
    }
    emitCheck(binaryOp("le", TValue::runtime(hostDepth_, Type::makeScalar(DType::Double)),
                       TValue::constant(kHostRecursionLimit), f.loc),
              "max_recursion_depth exceeded: '" + f.name + "' recursed more than " +
                  std::to_string(kHostRecursionLimit) + " calls deep",
              f.loc);
    functionScopes_.push_back({&f.body, &f.outputs});
    callStack_.push_back(f.name);
    argCounts_.push_back({(int)argTypes.size(), outputs});
    execBlock(f.body);
    if (const trace::Op *op = firstNonScalarOp(e.body.ops)) {
      bool random = op->name == "rand" || op->name == "randn" || op->name == "rng";
      throw CompileError(op->loc.known() ? op->loc : f.loc,
                         "recursive function '" + f.name + "' is compiled as a function of host scalars (its "
                             "recursion depends on run-time values), and here it " +
                             (random ? "draws random numbers" : "makes an array") +
                             ", which such a function cannot do yet");
    }
    given.clear();
    for (int k = 0; k < outputs; ++k) {
      const std::string &name = f.outputs[(size_t)k];
      if (!hasVariable(name))
        throw CompileError(f.loc, "output '" + name + "' of '" + f.name + "' is not assigned");
      TValue v = readVariable(name, f.loc);
      if (!v.isHostScalar() && !v.isConstScalar())
        throw CompileError(f.loc, "recursive function '" + f.name + "' is compiled as a function of host scalars, "
                                  "but its output '" + name + "' is " + shapeText(typeOf(v)) +
                                  " (recursion on arrays known only at run time is not supported yet)");
      std::string id = materialize(v, f.loc);
      given.push_back(typeOfId(id));
      e.outputs.push_back(trace::Output{name, id, 0});
    }
    if (!e.params.empty())
      throw CompileError(f.loc, "recursive function '" + f.name +
                                    "' reads parameters or the environment; a function compiled for a recursion "
                                    "on run-time values computes with its arguments only");
  } catch (...) {
    restore();
    throw;
  }
  restore();
  return e;
}

} // namespace runmat::frontend
