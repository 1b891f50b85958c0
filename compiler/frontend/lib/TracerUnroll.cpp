// Unrolling of for loops with a known trip count, for bodies that one traced
// body cannot express (docs/language.md, "Loops").
#include "ConstEval.h"
#include "TracerImpl.h"

#include <algorithm>

namespace runmat::frontend {

namespace {
// A loop of more trips than this is never unrolled: its body would be
// traced (and compiled) once per trip.
constexpr int64_t kMaxUnrolledTrips = 128;
// All unrolled trips of one program, nested loops included.
constexpr int64_t kMaxUnrolledTotal = 4096;
} // namespace

Tracer::TraceSnapshot Tracer::snapshot() const {
  return TraceSnapshot{env_,
                       nextId_,
                       types_,
                       scalarExprs_,
                       scopes_,
                       scopes_.back().region->ops.size(),
                       entry_->params.size(),
                       shimParams_,
                       functionScopes_.size(),
                       trackedArgs_.size(),
                       readTracked_.size(),
                       callStack_.size(),
                       argCounts_.size(),
                       endStack_.size(),
                       discovering_,
                       handleDepth_,
                       growableExtents_};
}

void Tracer::restore(const TraceSnapshot &s) {
  env_ = s.env;
  nextId_ = s.nextId;
  types_ = s.types;
  scalarExprs_ = s.scalarExprs;
  scopes_ = s.scopes;
  scopes_.back().region->ops.resize(s.opsInRegion);
  entry_->params.resize(s.params);
  shimParams_ = s.shimParams;
  functionScopes_.resize(s.functionScopes);
  trackedArgs_.resize(s.trackedArgs);
  readTracked_.resize(s.readTracked);
  callStack_.resize(s.callStack);
  argCounts_.resize(s.argCounts);
  endStack_.resize(s.endStack);
  discovering_ = s.discovering;
  handleDepth_ = s.handleDepth;
  growableExtents_ = s.growableExtents;
}

bool Tracer::canUnroll(int64_t trips) const {
  return trips > 0 && trips <= kMaxUnrolledTrips && unrolledTrips_ + trips <= kMaxUnrolledTotal;
}

void Tracer::unrollFor(const Stmt &s, double start, double step, int64_t trips, const Type &ivType) {
  unrolledTrips_ += trips;
  for (int64_t k = 0; k < trips; ++k) {
    TValue iv = TValue::constant(start + (double)k * step, ivType.dtype);
    env_[s.name] = ivType.integerClass == trace::IntegerClass::None ? iv : withIntegerClass(iv, ivType.integerClass, s.loc);
    execBlock(s.body);
  }
}

void Tracer::noteLoopBounds(const std::string &iv, const TValue &start, const TValue &step, const TValue &stop) {
  if (!start.isConst() || !step.isConst() || !stop.isConst()) return;
  int64_t trips = consteval::colonCount(start.scalar(), step.scalar(), stop.scalar());
  if (trips <= 0) return;
  double first = start.scalar(), last = first + (double)(trips - 1) * step.scalar();
  scalarExprs_[iv] = ScalarExpr{kBounds, {}, std::min(first, last), std::max(first, last)};
}

std::optional<std::pair<double, double>> Tracer::boundsOf(const TValue &v, int depth) const {
  if (v.isConst() && v.numel() == 1) return std::make_pair(v.scalar(), v.scalar());
  if (!v.isRuntime() || !v.type.scalar || depth > 16) return std::nullopt;
  auto e = scalarExprs_.find(v.id);
  if (e == scalarExprs_.end()) return std::nullopt;
  const ScalarExpr &x = e->second;
  if (x.op == kBounds) return std::make_pair(x.lo, x.hi);
  if (x.operands.size() != 2 || (x.op != "plus" && x.op != "minus" && x.op != "times")) return std::nullopt;
  auto operand = [&](size_t i) -> std::optional<std::pair<double, double>> {
    auto t = types_.find(x.operands[i]);
    if (t == types_.end()) return std::nullopt;
    return boundsOf(TValue::runtime(x.operands[i], t->second), depth + 1);
  };
  auto a = operand(0), b = operand(1);
  if (!a || !b) return std::nullopt;
  if (x.op == "plus") return std::make_pair(a->first + b->first, a->second + b->second);
  if (x.op == "minus") return std::make_pair(a->first - b->second, a->second - b->first);
  double p[] = {a->first * b->first, a->first * b->second, a->second * b->first, a->second * b->second};
  return std::make_pair(*std::min_element(p, p + 4), *std::max_element(p, p + 4));
}

} // namespace runmat::frontend
