// Semantic validation of a trace: scoping of ids, op schemas, and types.
#include "runmat/trace/OpSchema.h"
#include "runmat/trace/TraceIO.h"
#include "runmat/trace/TypeRules.h"

#include <map>
#include <set>

namespace runmat::trace {
namespace {

class Validator {
public:
  explicit Validator(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(int line, const std::string &path, const std::string &msg) const {
    throw CompileError(SourceLoc{file_, line, 0}, msg + " (at " + path + ")");
  }

  void validate(const Trace &t) {
    if (t.version != kSchemaVersion)
      fail(0, "runmat_trace", "unsupported trace schema version " + std::to_string(t.version));
    if (t.entries.empty())
      fail(0, "entries", "a trace needs at least one entry");
    std::set<std::string> names;
    // Calls name host functions, which may come later (or call themselves).
    for (const Entry &e : t.entries)
      if (e.kind == EntryKind::HostFunction) hostFunctions_[e.name] = &e;
    for (size_t i = 0; i < t.entries.size(); ++i) {
      const Entry &e = t.entries[i];
      std::string path = "entries[" + std::to_string(i) + "]";
      if (!names.insert(e.name).second)
        fail(e.traceLine, path, "duplicate entry name '" + e.name + "'");
      entry(e, path);
    }
  }

private:
  struct Scope {
    std::map<std::string, Type> values;
  };

  // `checkType` off: the caller checks the type's extents once its siblings
  // are defined (an op's results and a region's arguments may use each other).
  void define(const Value &v, int line, const std::string &path, bool checkType = true) {
    if (!allIds_.insert(v.id).second)
      fail(line, path, "value id '" + v.id + "' is defined twice");
    if (checkType) checkTypeRefs(v.type, line, path);
    scopes_.back().values[v.id] = v.type;
  }

  const Type *lookup(const std::string &id) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto f = it->values.find(id);
      if (f != it->values.end())
        return &f->second;
    }
    return nullptr;
  }

  const Type &use(const std::string &id, int line, const std::string &path) const {
    const Type *t = lookup(id);
    if (!t)
      fail(line, path, "value '" + id + "' is used but not defined before this point");
    return *t;
  }

  // Symbols in a tensor type must name host scalars that are already defined.
  // `siblings`: values of the same op that may serve as extents too.
  void checkTypeRefs(const Type &t, int line, const std::string &path,
                     const std::vector<Value> *siblings = nullptr) const {
    for (const Dim &d : t.shape) {
      if (d.isConstant()) {
        if (d.extent < 0)
          fail(line, path, "negative extent in type " + t.str());
        continue;
      }
      const Type *s = lookup(d.symbol);
      if (siblings)
        for (const Value &v : *siblings)
          if (v.id == d.symbol) s = &v.type;
      if (!s)
        fail(line, path, "extent '" + d.symbol + "' in type " + t.str() + " is not a defined value");
      if (!s->scalar || s->dtype == DType::Logical)
        fail(line, path, "extent '" + d.symbol + "' in type " + t.str() + " must be a numeric scalar");
    }
  }

  void entry(const Entry &e, const std::string &path) {
    allIds_.clear();
    scopes_.assign(1, Scope{});
    std::set<std::string> paramNames;
    for (size_t i = 0; i < e.params.size(); ++i) {
      const Param &p = e.params[i];
      std::string pp = path + ".params[" + std::to_string(i) + "]";
      if (!paramNames.insert(p.name).second)
        fail(p.traceLine, pp, "duplicate parameter '" + p.name + "'");
      if (!p.value.type.scalar)
        fail(p.traceLine, pp, "parameter '" + p.name + "' must be a scalar");
      define(p.value, p.traceLine, pp);
    }
    if (e.kind == EntryKind::Script && (!e.inputs.empty() || !e.outputs.empty()))
      fail(e.traceLine, path, "a script entry has no inputs or outputs");
    if (e.kind == EntryKind::HostFunction && !e.params.empty())
      fail(e.traceLine, path, "a host function has no parameters (its inputs are its arguments)");
    for (size_t i = 0; i < e.inputs.size(); ++i) {
      const Input &in = e.inputs[i];
      std::string ip = path + ".inputs[" + std::to_string(i) + "]";
      if (e.kind == EntryKind::HostFunction) {
        if (!in.value.type.scalar || !in.dims.empty())
          fail(in.traceLine, ip, "input '" + in.name + "' of a host function must be a host scalar (no dims)");
        define(in.value, in.traceLine, ip);
        continue;
      }
      if (in.value.type.scalar)
        fail(in.traceLine, ip, "input '" + in.name + "' must be a tensor");
      if (in.dims.size() != in.value.type.rank())
        fail(in.traceLine, ip, "input '" + in.name + "' needs one dims id per extent of its type");
      for (size_t d = 0; d < in.dims.size(); ++d) {
        define(Value{in.dims[d], Type::makeScalar(DType::Double)}, in.traceLine, ip);
        const Dim &x = in.value.type.shape[d];
        if (!x.isConstant() && x.symbol != in.dims[d])
          fail(in.traceLine, ip, "extent " + std::to_string(d + 1) + " of input '" + in.name +
                                     "' must be its dims id '" + in.dims[d] + "' or a constant");
      }
      define(in.value, in.traceLine, ip);
    }
    ops(e.body.ops, path + ".body");
    for (size_t i = 0; i < e.outputs.size(); ++i) {
      const Type &t = use(e.outputs[i].value, e.outputs[i].traceLine, path + ".outputs[" + std::to_string(i) + "]");
      if (e.kind == EntryKind::HostFunction && !t.scalar)
        fail(e.outputs[i].traceLine, path + ".outputs[" + std::to_string(i) + "]",
             "output '" + e.outputs[i].name + "' of a host function must be a host scalar, got " + t.str());
    }
  }

  // The type of value `id` defined in `ops` (or their regions), or null.
  static const Type *findDefinition(const std::vector<Op> &ops, const std::string &id) {
    for (const Op &op : ops) {
      for (const Value &v : op.results)
        if (v.id == id) return &v.type;
      for (const Region &r : op.regions) {
        for (const Value &a : r.args)
          if (a.id == id) return &a.type;
        if (const Type *t = findDefinition(r.ops, id)) return t;
      }
    }
    return nullptr;
  }

  // A call's operands and results against its callee's inputs and outputs.
  void checkCall(const Op &op, const std::vector<Type> &in, int line, const std::string &where) const {
    const std::string &callee = std::get<std::string>(op.findAttr("callee")->value);
    auto f = hostFunctions_.find(callee);
    if (f == hostFunctions_.end())
      fail(line, where, "call of '" + callee + "', which is not a host_function entry of the trace");
    const Entry &e = *f->second;
    if (in.size() != e.inputs.size())
      fail(line, where, "'" + callee + "' takes " + std::to_string(e.inputs.size()) + " inputs, got " +
                            std::to_string(in.size()));
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i] != e.inputs[i].value.type)
        fail(line, where, "operand " + std::to_string(i + 1) + " has type " + in[i].str() + " but input '" +
                              e.inputs[i].name + "' of '" + callee + "' is " + e.inputs[i].value.type.str());
    if (op.results.size() != e.outputs.size())
      fail(line, where, "'" + callee + "' has " + std::to_string(e.outputs.size()) + " outputs, got " +
                            std::to_string(op.results.size()) + " results");
    for (size_t i = 0; i < op.results.size(); ++i) {
      const Type *t = findDefinition(e.body.ops, e.outputs[i].value);
      for (const Input &x : e.inputs)
        if (x.value.id == e.outputs[i].value) t = &x.value.type;
      if (t && *t != op.results[i].type)
        fail(line, where, "result " + std::to_string(i + 1) + " is declared " + op.results[i].type.str() +
                              " but output '" + e.outputs[i].name + "' of '" + callee + "' is " + t->str());
    }
  }

  void ops(const std::vector<Op> &list, const std::string &path) {
    for (size_t i = 0; i < list.size(); ++i)
      op(list[i], path + "[" + std::to_string(i) + "]");
  }

  void op(const Op &op, const std::string &path) {
    const OpSchema *schema = findOpSchema(op.name);
    int line = op.traceLine;
    std::string where = path + " '" + op.name + "'";
    if (!schema)
      fail(line, where, "unknown op '" + op.name + "'");
    int n = (int)op.operands.size();
    if (n < schema->minOperands || (schema->maxOperands >= 0 && n > schema->maxOperands))
      fail(line, where, "op '" + op.name + "' takes " + arity(schema->minOperands, schema->maxOperands) +
                            (schema->maxOperands == 1 ? " operand" : " operands") + ", got " + std::to_string(n));
    int r = (int)op.results.size();
    if (r < schema->minResults || (schema->maxResults >= 0 && r > schema->maxResults))
      fail(line, where, "op '" + op.name + "' has " + arity(schema->minResults, schema->maxResults) +
                            " results, got " + std::to_string(r));
    for (const AttrSpec &spec : schema->attrs) {
      const Attr *a = op.findAttr(spec.name);
      if (!a && spec.required)
        fail(line, where, "op '" + op.name + "' needs attribute '" + spec.name + "'");
      if (a && !attrKindMatches(a->value, spec.kind))
        fail(line, where, std::string("attribute '") + spec.name + "' must be " + attrKindName(spec.kind));
    }
    for (const Attr &a : op.attrs) {
      bool known = false;
      for (const AttrSpec &spec : schema->attrs) known |= a.name == spec.name;
      if (!known)
        fail(line, where, "op '" + op.name + "' has no attribute '" + a.name + "'");
    }
    std::vector<Type> in;
    for (const std::string &id : op.operands)
      in.push_back(use(id, line, where));
    // A loop's or an if's results may be each other's extents (carried extents).
    bool carriesExtents = schema->kind == OpKind::For || schema->kind == OpKind::While || schema->kind == OpKind::If;
    for (const Value &v : op.results)
      checkTypeRefs(v.type, line, where, carriesExtents ? &op.results : nullptr);

    std::vector<Type> inferred;
    std::string error;
    if (!checkOpTypes(*schema, op, in, inferred, error))
      fail(line, where, error);
    if (schema->kind == OpKind::Call) checkCall(op, in, line, where);
    if (!schema->declaresResultType)
      for (size_t i = 0; i < inferred.size() && i < op.results.size(); ++i)
        if (inferred[i] != op.results[i].type)
          fail(line, where, "result '" + op.results[i].id + "' is declared " + op.results[i].type.str() +
                                " but the operands give " + inferred[i].str());

    regions(*schema, op, in, path);
    for (const Value &v : op.results)
      define(v, line, where, false);
    for (const Value &v : op.results)
      checkTypeRefs(v.type, line, where);
  }

  void regions(const OpSchema &schema, const Op &op, const std::vector<Type> &in,
               const std::string &path) {
    if (op.regions.size() != schema.regions.size())
      fail(op.traceLine, path, "op '" + op.name + "' needs " + std::to_string(schema.regions.size()) +
                                   " regions, got " + std::to_string(op.regions.size()));
    std::vector<Type> results;
    for (const Value &v : op.results) results.push_back(v.type);
    for (size_t i = 0; i < op.regions.size(); ++i) {
      const Region &reg = op.regions[i];
      std::string rp = path + ".regions[" + std::to_string(i) + "]";
      if (reg.name != schema.regions[i])
        fail(reg.traceLine, rp, "region " + std::to_string(i + 1) + " of '" + op.name + "' must be named '" +
                                    schema.regions[i] + "', got '" + reg.name + "'");
      // Result types name sibling results as extents; at this region's
      // arguments and yields they name the argument or yield in that place.
      std::vector<std::string> argIds;
      for (const Value &a : reg.args) argIds.push_back(a.id);
      size_t firstCarriedArg = schema.kind == OpKind::For ? 1 : 0;
      auto renamed = [&](const std::vector<std::string> &ids, size_t first) {
        std::vector<Type> out;
        for (const Type &t : results) out.push_back(renameSymbols(t, resultRenames(op, ids, first)));
        return out;
      };
      std::vector<Type> expectArgs, expectYields = renamed(reg.yields, 0), argTypes = renamed(argIds, firstCarriedArg);
      if (schema.kind == OpKind::For) {
        expectArgs.push_back(Type::makeScalar(DType::Double));
        expectArgs.insert(expectArgs.end(), argTypes.begin(), argTypes.end());
        // The loop variable takes the dtype of the range.
        if (!reg.args.empty() && reg.args[0].type.scalar && reg.args[0].type.dtype == DType::Single)
          expectArgs[0] = reg.args[0].type;
      } else if (schema.kind == OpKind::While) {
        expectArgs = argTypes;
        if (reg.name == "cond")
          expectYields = {Type::makeScalar(DType::Logical)};
      }
      scopes_.push_back(Scope{});
      if (reg.args.size() != expectArgs.size())
        fail(reg.traceLine, rp, "region '" + reg.name + "' needs " + std::to_string(expectArgs.size()) +
                                    " arguments, got " + std::to_string(reg.args.size()));
      for (size_t a = 0; a < reg.args.size(); ++a)
        define(reg.args[a], reg.traceLine, rp + ".args[" + std::to_string(a) + "]", false);
      for (size_t a = 0; a < reg.args.size(); ++a) {
        checkTypeRefs(reg.args[a].type, reg.traceLine, rp + ".args[" + std::to_string(a) + "]");
        if (reg.args[a].type != expectArgs[a])
          fail(reg.traceLine, rp, "argument '" + reg.args[a].id + "' has type " + reg.args[a].type.str() +
                                      ", expected " + expectArgs[a].str());
      }
      ops(reg.ops, rp + ".ops");
      if (reg.yields.size() != expectYields.size())
        fail(reg.traceLine, rp, "region '" + reg.name + "' must yield " + std::to_string(expectYields.size()) +
                                    (expectYields.size() == 1 ? " value" : " values") + ", got " +
                                    std::to_string(reg.yields.size()));
      for (size_t y = 0; y < reg.yields.size(); ++y) {
        const Type &t = use(reg.yields[y], reg.traceLine, rp + ".yield");
        if (t != expectYields[y])
          fail(reg.traceLine, rp, "yielded '" + reg.yields[y] + "' has type " + t.str() + ", expected " +
                                      expectYields[y].str());
      }
      scopes_.pop_back();
    }
    (void)in;
  }

  static std::string arity(int lo, int hi) {
    if (hi < 0) return "at least " + std::to_string(lo);
    if (lo == hi) return std::to_string(lo);
    return std::to_string(lo) + " to " + std::to_string(hi);
  }

  static bool attrKindMatches(const AttrValue &v, AttrKind k) {
    switch (k) {
    case AttrKind::Bool: return std::holds_alternative<bool>(v);
    case AttrKind::Int: return std::holds_alternative<int64_t>(v);
    case AttrKind::Double: return std::holds_alternative<double>(v);
    case AttrKind::String: return std::holds_alternative<std::string>(v);
    case AttrKind::IntList: return std::holds_alternative<std::vector<int64_t>>(v);
    case AttrKind::DoubleList: return std::holds_alternative<std::vector<double>>(v);
    case AttrKind::StringList: return std::holds_alternative<std::vector<std::string>>(v);
    }
    return false;
  }

  std::string file_;
  std::map<std::string, const Entry *> hostFunctions_;
  std::vector<Scope> scopes_;
  std::set<std::string> allIds_;
};

} // namespace

void validateTrace(const Trace &trace, const std::string &fileName) {
  Validator(fileName).validate(trace);
}

} // namespace runmat::trace
