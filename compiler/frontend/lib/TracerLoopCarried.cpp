// What a loop carries from trip to trip, and the extents it carries with it.
// An array that grows in a loop (x(i+1) = v, x = [x, v]) has an extent that
// changes per trip: the loop carries that extent as a double scalar beside
// the array, and the array's type at each boundary of the loop (initial
// values, region arguments, yields, results) names the extent's value there
// (trace::renameSymbols; docs/language.md, "Arrays that grow").
#include "ConstEval.h"
#include "TracerImpl.h"

namespace runmat::frontend {

namespace {
// The extent of a carried type that the loop carries (only while its types
// are discovered; the built loop names the carried value instead).
const char *const kCarriedExtent = "?carried";
} // namespace

bool Tracer::isCarriedExtent(const Dim &d) { return !d.isConstant() && d.symbol == kCarriedExtent; }

Type Tracer::unifyCarried(const std::string &var, const Type &before, const Type &after, const SourceLoc &loc,
                          const char *whereBefore, const char *whereAfter) {
  if (before.scalar && after.scalar) return unifyTypes(var, before, after, loc, whereBefore, whereAfter);
  auto asTensor = [](const Type &t) {
    return t.scalar ? Type{t.dtype, false, {Dim::constant(1), Dim::constant(1)}, t.integerClass} : t;
  };
  Type b = asTensor(before), a = asTensor(after);
  if (b.shape.size() != a.shape.size()) return unifyTypes(var, before, after, loc, whereBefore, whereAfter);
  // A value of extents 1 on one side and of fixed other extents on the
  // other (the accumulator s = 0; s = s + ones(n, 1)) stays refused: its 1s
  // would have to expand at run time, and runmatc decides implicit
  // expansion at compile time. Extents that change per trip or branch
  // (arrays that grow) are values computed inside, never fixed ones.
  auto allOnes = [](const Type &t) {
    for (const Dim &d : t.shape)
      if (!d.isOne()) return false;
    return true;
  };
  auto fixedOther = [&](const Type &t) {
    for (const Dim &d : t.shape) {
      // (An extent of 0 is an empty start, as x = [] before x(end+1) = v.)
      if (d.isOne() || isCarriedExtent(d) || (d.isConstant() && d.extent == 0)) continue;
      if (d.isConstant()) return true;
      if (growableExtents_.count(d.symbol)) continue;
      for (const Scope &sc : scopes_)
        if (sc.defined.count(d.symbol)) return true;
    }
    return false;
  };
  if ((allOnes(b) && fixedOther(a)) || (allOnes(a) && fixedOther(b)))
    return unifyTypes(var, before, after, loc, whereBefore, whereAfter);
  // The dtype rule (and its errors) without the sizes; then the sizes.
  Type sameSize = a;
  sameSize.shape = b.shape;
  Type u = unifyTypes(var, b, sameSize, loc, whereBefore, whereAfter);
  for (size_t k = 0; k < u.shape.size(); ++k)
    if (!isCarriedExtent(u.shape[k]) && u.shape[k] != a.shape[k]) u.shape[k] = Dim::symbolic(kCarriedExtent);
  return u;
}

Type Tracer::withFreshExtents(const Type &t) {
  Type out = t;
  for (Dim &d : out.shape) {
    if (!isCarriedExtent(d)) continue;
    std::string id = newId();
    define(id, Type::makeScalar(DType::Double));
    growableExtents_.insert(id);
    d = Dim::symbolic(id);
  }
  return out;
}

Type Tracer::withCarriedInnerExtents(const Type &t) const {
  Type out = t;
  for (Dim &d : out.shape) {
    if (d.isConstant() || isCarriedExtent(d)) continue;
    bool visible = false;
    for (const Scope &s : scopes_) visible |= s.defined.count(d.symbol) != 0;
    if (!visible) d = Dim::symbolic(kCarriedExtent);
  }
  return out;
}

void Tracer::expandCarriedExtents(std::vector<Carried> &carried) {
  size_t n = carried.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < carried[i].type.shape.size(); ++k)
      if (isCarriedExtent(carried[i].type.shape[k])) {
        Carried e;
        e.name = " extent " + std::to_string(k + 1) + " of " + carried[i].name;
        e.type = Type::makeScalar(DType::Double);
        e.extentOf = (int)i;
        e.extentDim = k;
        carried.push_back(e);
      }
}

Type Tracer::carriedTypeAt(const std::vector<Carried> &carried, size_t i, const std::vector<std::string> &ids) {
  Type t = carried[i].type;
  for (size_t j = 0; j < carried.size(); ++j)
    if (carried[j].extentOf == (int)i) t.shape[carried[j].extentDim] = Dim::symbolic(ids[j]);
  return t;
}

std::vector<trace::Value> Tracer::defineCarried(const std::vector<Carried> &carried, bool bind) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < carried.size(); ++i) ids.push_back(newId());
  std::vector<trace::Value> out;
  for (size_t i = 0; i < carried.size(); ++i) {
    Type t = carriedTypeAt(carried, i, ids);
    define(ids[i], t);
    out.push_back(trace::Value{ids[i], t});
    if (carried[i].extentOf >= 0) growableExtents_.insert(ids[i]);
    else if (bind) env_[carried[i].name] = TValue::runtime(ids[i], t);
  }
  return out;
}

std::string Tracer::retype(const std::string &id, const Type &t, const SourceLoc &loc) {
  if (typeOfId(id) == t) return id;
  return emit1("reshape", {id}, {}, {t}, loc).id;
}

std::vector<std::string> Tracer::carriedBoundary(const std::vector<Carried> &carried,
                                                 const std::vector<std::optional<TValue>> &values,
                                                 const SourceLoc &loc) {
  std::vector<std::string> ids(carried.size());
  size_t v = 0;
  for (size_t i = 0; i < carried.size(); ++i) {
    if (carried[i].extentOf >= 0) continue;
    const std::optional<TValue> &x = values.at(v++);
    if (x) ids[i] = coerceTo(*x, carried[i].type, carried[i].name, loc, true);
  }
  for (size_t i = 0; i < carried.size(); ++i) {
    const Carried &c = carried[i];
    if (c.extentOf < 0) continue;
    const std::string &tensor = ids[(size_t)c.extentOf];
    // An undefined array (first assigned in the loop) is empty.
    TValue extent = tensor.empty() ? TValue::constant(0) : dimValue(typeOfId(tensor).dim(c.extentDim + 1));
    ids[i] = materialize(extent, loc);
  }
  for (size_t i = 0; i < carried.size(); ++i) {
    const Carried &c = carried[i];
    if (c.extentOf >= 0) continue;
    Type t = carriedTypeAt(carried, i, ids);
    if (ids[i].empty())
      ids[i] = emit1("undef", {}, {trace::Attr{"name", c.name}}, {t}, loc).id;
    else
      ids[i] = retype(ids[i], t, loc);
  }
  return ids;
}

std::vector<Tracer::Carried> Tracer::discoverCarried(const Stmt &s, const std::set<std::string> &assigned,
                                                     std::map<std::string, Type> &argTypes,
                                                     const std::function<void()> &body) {
  std::set<std::string> outside = readsOutside(s);
  std::vector<Carried> carried;
  for (int round = 0;; ++round) {
    Env saved = env_;
    int savedId = nextId_;
    auto savedTypes = types_;
    auto savedExprs = scalarExprs_;
    auto savedGrowable = growableExtents_;
    trace::Region scratch;
    pushRegion(&scratch);
    trackedArgs_.emplace_back();
    readTracked_.emplace_back();
    for (const auto &[name, t] : argTypes) {
      Type ft = withFreshExtents(t);
      std::string id = newId();
      define(id, ft);
      trackedArgs_.back()[id] = name;
      env_[name] = TValue::runtime(id, ft);
    }
    ++discovering_;
    try {
      body();
    } catch (...) {
      --discovering_;
      throw;
    }
    --discovering_;
    std::set<std::string> upward = readTracked_.back();
    Env after = env_;
    trackedArgs_.pop_back();
    readTracked_.pop_back();
    popRegion();
    env_ = std::move(saved);
    nextId_ = savedId;
    types_ = std::move(savedTypes);
    scalarExprs_ = std::move(savedExprs);
    growableExtents_ = std::move(savedGrowable);

    carried.clear();
    bool changed = false;
    for (const std::string &name : assigned) {
      auto a = after.find(name);
      if (a == after.end()) continue;
      if (!upward.count(name) && !outside.count(name)) continue;
      if (a->second.isText())
        throw CompileError(s.loc, "text variable '" + name + "' cannot change inside a loop");
      Type yt = withCarriedInnerExtents(typeOf(a->second));
      auto at = argTypes.find(name);
      if (at != argTypes.end()) {
        Type u = unifyCarried(name, at->second, yt, s.loc, "before the loop", "after an iteration");
        if (u != at->second) {
          at->second = u;
          changed = true;
        }
        carried.push_back(Carried{name, u, false});
      } else {
        carried.push_back(Carried{name, yt, true});
      }
    }
    if (!changed) return carried;
    if (round == 3)
      throw CompileError(s.loc, "the types of the variables this loop carries do not settle");
  }
}

bool Tracer::mayBeEmptyAtRunTime(const TValue &v) const {
  if (!v.isRuntime() || v.type.scalar || v.type.shape.empty()) return false;
  for (const Dim &d : v.type.shape)
    if (d.isConstant() || !growableExtents_.count(d.symbol)) return false;
  return true;
}

TValue Tracer::selectAtRunTime(const TValue &cond, const std::function<TValue()> &then,
                               const std::function<TValue()> &otherwise, const std::string &what,
                               const SourceLoc &loc) {
  trace::Op op = ifOp(materialize(castTo(cond, DType::Logical, loc), loc), loc);
  std::vector<TValue> values;
  std::vector<Scope> scopes;
  for (int r = 0; r < 2; ++r) {
    pushRegion(&op.regions[r]);
    values.push_back(r == 0 ? then() : otherwise());
    scopes.push_back(scopes_.back());
    popRegion();
  }
  Type t = values[0].isRuntime() || values[1].isRuntime() || typeOf(values[0]) != typeOf(values[1])
               ? withCarriedInnerExtents(unifyCarried(what, withCarriedInnerExtents(typeOf(values[0])),
                                                      withCarriedInnerExtents(typeOf(values[1])), loc,
                                                      "in one case", "in the other"))
               : typeOf(values[0]);
  std::vector<Carried> yielded = {Carried{what, t, false}};
  expandCarriedExtents(yielded);
  for (int r = 0; r < 2; ++r) {
    scopes_.push_back(scopes[(size_t)r]);
    op.regions[(size_t)r].yields = carriedBoundary(yielded, {values[(size_t)r]}, loc);
    scopes_.pop_back();
  }
  op.results = defineCarried(yielded, false);
  trace::Value result = op.results[0];
  appendOp(std::move(op));
  return TValue::runtime(result.id, result.type);
}

} // namespace runmat::frontend
