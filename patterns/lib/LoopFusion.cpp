// Loop fusion: a time loop whose body, after elementwise fusion, is kernels
// of one iteration space becomes one kernel with the loop inside, parallel
// over that space. State may be element-local (Monte Carlo paths, IIR
// channels: each point updates its own element) or column-local (NLMS: the
// body's reductions run over dimension 0 only, so each column is
// independent); such reductions become runmat.group_reduce inside the
// kernel. The loop's scalar bookkeeping (the random stream counter,
// anything else the body computes from scalars) moves in with it, so each
// element draws exactly the numbers the unfused program draws.
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "loop";

bool isTensor(Value v) { return isa<RankedTensorType>(v.getType()); }

// Extent d of `t`, as a value defined before `at`.
Value extentBefore(Operation *at, Value t, int64_t d) {
  OpBuilder b(at);
  return extentOf(b, t, d);
}

// A scalar op the kernel can compute in each iteration: no regions, no
// tensors, no side effects.
bool isScalarOp(Operation &op) {
  if (op.getNumRegions() || !isMemoryEffectFree(&op)) return false;
  for (Value v : op.getOperands())
    if (isTensor(v)) return false;
  for (Value v : op.getResults())
    if (isTensor(v)) return false;
  return true;
}

// The shapes of the loop's tensor state, assumed equal to the initial ones,
// and of tensors made before the loop, read before it; then simplified: if the kernel's space is the initial shape again, the
// shape never changes (induction). Done on a copy, which is returned.
scf::ForOp withInvariantShapes(scf::ForOp loop, const FrozenRewritePatternSet &canonical) {
  OpBuilder b(loop);
  auto copy = cast<scf::ForOp>(b.clone(*loop));
  for (auto [arg, init] : llvm::zip(copy.getRegionIterArgs(), copy.getInitArgs())) {
    if (!isTensor(arg)) continue;
    for (Operation *user : llvm::make_early_inc_range(arg.getUsers())) {
      auto dim = dyn_cast<tensor::DimOp>(user);
      if (!dim) continue;
      auto d = dim.getConstantIndex();
      if (!d) continue;
      dim.replaceAllUsesWith(extentBefore(copy, init, *d));
      dim.erase();
    }
  }
  // Extents of tensors made before the loop (an index field built once, as
  // reshape(0:M-1, [M 1])) do not change in it: read them before it.
  copy.getBody()->walk([&](tensor::DimOp dim) {
    auto d = dim.getConstantIndex();
    if (!d || copy->isAncestor(dim.getSource().getParentRegion()->getParentOp())) return;
    dim.replaceAllUsesWith(extentBefore(copy, dim.getSource(), *d));
    dim.erase();
  });
  (void)applyPatternsAndFoldGreedily(copy.getRegion(), canonical);
  return copy;
}

// Run-time checks the loop cannot change (extents compared with extents
// made before it, once its state's shapes are invariant): they hold in every
// trip if they hold in one, so they move before the loop, holding also when
// it runs no trip. The body is then kernels and scalar work only. The scalar
// ops they need move first (loop-invariant code motion, scalars only).
// Returns the ops placed before the loop, to be erased with the copy when
// it is not fused.
SmallVector<Operation *> hoistInvariantChecks(scf::ForOp loop) {
  SmallVector<Operation *> placed;
  Operation *firstBefore = loop->getPrevNode();
  moveLoopInvariantCode(
      {&loop.getRegion()}, [&](Value v, Region *) { return loop.isDefinedOutsideOfLoop(v); },
      [&](Operation *op, Region *) { return isScalarOp(*op); }, [&](Operation *op, Region *) { op->moveBefore(loop); });
  SmallVector<rm::CheckOp> checks;
  for (Operation &op : loop.getBody()->without_terminator())
    if (auto c = dyn_cast<rm::CheckOp>(op); c && loop.isDefinedOutsideOfLoop(c.getCondition())) checks.push_back(c);
  if (!checks.empty()) {
    OpBuilder b(loop);
    Location loc = loop.getLoc();
    Value noTrip = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, loop.getUpperBound(), loop.getLowerBound());
    for (rm::CheckOp c : checks) {
      Value holds = b.create<arith::OrIOp>(loc, c.getCondition(), noTrip);
      b.create<rm::CheckOp>(c.getLoc(), holds, c.getMessageAttr());
      c.erase();
    }
  }
  // Everything between what stood before the loop and the loop itself.
  for (Operation *op = firstBefore ? firstBefore->getNextNode() : &loop->getBlock()->front(); op != loop.getOperation();
       op = op->getNextNode())
    placed.push_back(op);
  return placed;
}

bool isConstantOne(Value e) {
  auto c = e.getDefiningOp<arith::ConstantIndexOp>();
  return c && c.value() == 1;
}

// What the loop carries at position i.
enum class State {
  Scalar,  // a scalar: the counter, other bookkeeping
  Full,    // a tensor of the kernels' space, one element per point
  Reduced, // a tensor of extent 1 along the group dimensions: one value per group
};

struct Plan {
  SmallVector<rm::KernelOp> kernels; // in body order
  SmallVector<Operation *> scalarOps;
  SmallVector<Value> space;
  SmallVector<int64_t> groupDims; // what the reductions combine over (empty: element-local)
  SmallVector<State> state;
  // Reduced states used after the loop: recomputed there from the final full
  // states by a copy of the reduction that yields them.
  SmallVector<unsigned> recomputed;
  // Reduced states used after the loop that the final state cannot give
  // (the last trip's y = sum(x .* W) read W before its last update): the
  // kernel writes each column's value at every point of the column, and a
  // max over the column after the loop reads it back (exact: the values
  // are equal).
  SmallVector<unsigned> keptPerPoint;
};

bool isGroupDim(const Plan &plan, int64_t d) { return llvm::is_contained(plan.groupDims, d); }

// Whether map `m` reads tensor `v` at the point itself (Full) or at the
// point's group (Reduced); extents of 1 may expand.
bool readsLocally(const Plan &plan, Value v, ArrayRef<int64_t> m, State kind) {
  if ((int64_t)m.size() != (int64_t)plan.space.size()) return false;
  auto type = cast<RankedTensorType>(v.getType());
  for (int64_t d = 0; d < (int64_t)m.size(); ++d) {
    if (kind == State::Reduced && isGroupDim(plan, d)) {
      if (m[d] != -1 && !(m[d] == d && type.getDimSize(d) == 1)) return false;
    } else if (m[d] != d && !(m[d] == -1 && isConstantOne(plan.space[d]))) {
      return false;
    }
  }
  return true;
}

// Why `loop` (shapes already made invariant) cannot become one kernel; fills
// `plan` when it can. `original` is the loop as the program has it (whose
// results say what is used after it).
std::string refusal(scf::ForOp loop, scf::ForOp original, Plan &plan) {
  Block *body = loop.getBody();
  for (Operation &op : body->without_terminator()) {
    if (auto k = dyn_cast<rm::KernelOp>(op)) {
      if (k.getRank() == 0) return "its body has a kernel without an iteration space";
      if (!k.getGroupDims().empty()) return "its body already reduces within groups";
      plan.kernels.push_back(k);
    } else if (isScalarOp(op)) {
      plan.scalarOps.push_back(&op);
    } else if (isa<tensor::DimOp>(op)) {
      return "the shape of its state may change from one iteration to the next";
    } else {
      return "its body has " + op.getName().getStringRef().str() + ", which a kernel cannot run";
    }
  }
  if (plan.kernels.empty()) return "its body has no kernel";
  // One space for every kernel; reductions all over the same dimensions.
  rm::KernelOp first = plan.kernels.front();
  plan.space.assign(first.getSpace().begin(), first.getSpace().end());
  for (rm::KernelOp k : plan.kernels) {
    if (k.getRank() != (int64_t)plan.space.size()) return "its kernels have iteration spaces of different ranks";
    for (auto [a, b] : llvm::zip(k.getSpace(), plan.space))
      if (!sameExtent(a, b)) return "its kernels do not share one iteration space";
    for (Value e : k.getSpace())
      if (!loop.isDefinedOutsideOfLoop(e)) return "the kernels' extents are computed inside the loop";
    if (!k.isReduction()) continue;
    SmallVector<int64_t> dims(k.getReduceDims());
    if (!plan.groupDims.empty() && plan.groupDims != dims)
      return "its reductions combine over different dimensions (" + coversOf(k).front() + ")";
    plan.groupDims = dims;
    for (Attribute c : k.getCombiners())
      if ((rm::ReduceKind)cast<IntegerAttr>(c).getInt() == rm::ReduceKind::Mean)
        return "a reduction in it averages inside the kernel (" + coversOf(k).front() + ")";
    for (Value v : k.getBodyBlock().getTerminator()->getOperands())
      if (!isa<FloatType>(v.getType())) return "a reduction in it combines values that are not floating point";
  }
  // Column-local state: each group is whole dimension 0 (a column).
  if (!plan.groupDims.empty() && plan.groupDims != SmallVector<int64_t>{0})
    return "its reductions run over other dimensions than the first; column-local fusion needs per-column "
           "reductions (sum(x, 1))";
  auto stateOfResult = [&](Value v) -> std::optional<State> {
    auto r = dyn_cast<OpResult>(v);
    auto k = r ? dyn_cast<rm::KernelOp>(r.getOwner()) : rm::KernelOp();
    if (!k || k->getBlock() != body) return std::nullopt;
    return k.isReduction() ? State::Reduced : State::Full;
  };
  auto yield = cast<scf::YieldOp>(body->getTerminator());
  for (unsigned i = 0; i < loop.getNumRegionIterArgs(); ++i) {
    Value arg = loop.getRegionIterArgs()[i], next = yield.getOperand(i), init = loop.getInitArgs()[i];
    if (!isTensor(arg)) {
      plan.state.push_back(State::Scalar);
      continue;
    }
    std::optional<State> kind = stateOfResult(next);
    if (!kind) return "a tensor it carries is not computed by its kernels";
    plan.state.push_back(*kind);
    for (Operation *user : arg.getUsers())
      if (!isa<rm::KernelOp>(user)) return "a tensor it carries is read outside its kernels";
    // The state's initial shape is the kernels' space (1 along group dimensions).
    auto type = cast<RankedTensorType>(init.getType());
    if (type.getRank() != (int64_t)plan.space.size()) return "a tensor it carries has another rank than its kernels' space";
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (*kind == State::Reduced && isGroupDim(plan, d)) {
        if (type.getDimSize(d) != 1) return "a per-column value it carries may not have one row";
        continue;
      }
      if (!sameExtent(extentBefore(loop, init, d), plan.space[d]))
        return "the shape of its state may change from one iteration to the next";
    }
    if (*kind == State::Reduced && !original.getResult(i).use_empty()) plan.recomputed.push_back(i);
  }
  // Every tensor a kernel reads is from outside, state read at the point
  // (or its group), or an earlier kernel's result read the same way.
  for (rm::KernelOp k : plan.kernels) {
    for (auto [t, v] : llvm::enumerate(k.getInputs())) {
      if (loop.isDefinedOutsideOfLoop(v)) continue;
      SmallVector<int64_t> m = k.getInputMap(t);
      std::optional<State> kind;
      if (auto arg = dyn_cast<BlockArgument>(v); arg && arg.getOwner() == body && arg.getArgNumber() > 0)
        kind = plan.state[arg.getArgNumber() - 1];
      else kind = stateOfResult(v);
      if (!kind) return "a kernel in it reads a tensor computed inside the loop by something else";
      if (!readsLocally(plan, v, m, *kind))
        return *kind == State::Reduced ? "a kernel in it reads a per-column value at other columns"
                                       : "a kernel in it reads its state at other points than it writes";
    }
    for (OpResult r : k->getResults())
      for (Operation *user : r.getUsers())
        if (user != yield.getOperation() && !(isa<rm::KernelOp>(user) && user->getBlock() == body))
          return "a kernel result is used in the loop by something other than its kernels";
  }
  // A reduced state used after the loop is recomputed from final full
  // states where they determine it, else kept per point.
  SmallVector<unsigned> recomputable;
  for (unsigned i : plan.recomputed) {
    auto k = cast<rm::KernelOp>(yield.getOperand(i).getDefiningOp());
    bool fromFinalState = true;
    for (Value v : k.getScalars()) fromFinalState &= loop.isDefinedOutsideOfLoop(v);
    for (Value v : k.getInputs()) {
      if (loop.isDefinedOutsideOfLoop(v)) continue;
      bool carried = false;
      for (auto [j, y] : llvm::enumerate(yield.getOperands())) carried |= y == v && plan.state[j] == State::Full;
      fromFinalState &= carried;
    }
    (fromFinalState ? recomputable : plan.keptPerPoint).push_back(i);
  }
  plan.recomputed = recomputable;
  return "";
}

// The body of kernel `k` at the fused point (`argOf` gives input t's
// element); gives the values it yields, group-reduced and finished by its
// epilogue for a reduction.
SmallVector<Value> inlineKernel(OpBuilder &b, rm::KernelOp k, Block *fb, const Plan &plan,
                                function_ref<Value(unsigned)> argOf, IRMapping &outer) {
  auto scalarOf = [&](unsigned s) { return outer.lookupOrDefault(k.getScalars()[s]); };
  if (!k.isReduction()) return cloneBodyAt(b, k, fb, argOf, scalarOf);
  return groupReducedAt(b, k, fb, plan.groupDims, argOf, scalarOf);
}

// A per-column value's type widened to the kernels' space (its column's
// value at every point of the column).
Type perPointType(const Plan &plan, Type reduced) {
  auto t = cast<RankedTensorType>(reduced);
  SmallVector<int64_t> shape(t.getShape());
  for (int64_t d : plan.groupDims) {
    std::optional<int64_t> e = getConstantIntValue(plan.space[d]);
    shape[d] = e ? *e : ShapedType::kDynamic;
  }
  return RankedTensorType::get(shape, t.getElementType());
}

// The per-column value back from its per-point copy: a max over the group
// dimensions of equal values, so exact.
Value columnValue(OpBuilder &b, Location loc, const Plan &plan, Value perPoint, Type reduced, StringAttr label) {
  SmallVector<int64_t> identity;
  for (int64_t d = 0; d < (int64_t)plan.space.size(); ++d) identity.push_back(d);
  auto k = b.create<rm::KernelOp>(loc, TypeRange{reduced}, plan.space, ValueRange{perPoint}, ValueRange{},
                                  b.getArrayAttr({b.getDenseI64ArrayAttr(identity)}), plan.groupDims,
                                  b.getArrayAttr({b.getI32IntegerAttr((int32_t)rm::ReduceKind::Max)}), label);
  OpBuilder::InsertionGuard guard(b);
  Block *body = createBodyBlock(b, k);
  Type e = cast<RankedTensorType>(reduced).getElementType();
  b.create<rm::YieldOp>(loc, ValueRange{body->getArgument(2 * plan.space.size())});
  SmallVector<Type> argTypes{e};
  argTypes.append(plan.space.size(), b.getIndexType());
  SmallVector<Location> locs(argTypes.size(), loc);
  Block *epi = b.createBlock(&k.getEpilogue(), {}, argTypes, locs);
  b.create<rm::YieldOp>(loc, ValueRange{epi->getArgument(0)});
  return k.getResult(0);
}

// The fused kernel, in place of `loop` (whose shapes `plan` was made on).
rm::KernelOp build(scf::ForOp loop, const Plan &plan) {
  Location loc = loop.getLoc();
  const int64_t rank = plan.space.size();
  Block *lbody = loop.getBody();
  const unsigned nCarried = loop.getNumRegionIterArgs();

  // Inputs: the initial state (not when it is a fresh, unwritten tensor:
  // the loop overwrites it, or the program never reads it), then tensors
  // the kernels read from outside, once per value and map.
  SmallVector<Value> inputs;
  SmallVector<SmallVector<int64_t>> maps;
  auto inputFor = [&](Value v, ArrayRef<int64_t> m) -> unsigned {
    for (unsigned i = 0; i < inputs.size(); ++i)
      if (inputs[i] == v && ArrayRef<int64_t>(maps[i]) == m) return i;
    inputs.push_back(v);
    maps.push_back(SmallVector<int64_t>(m));
    return inputs.size() - 1;
  };
  SmallVector<int> stateInput(nCarried, -1);
  for (unsigned i = 0; i < nCarried; ++i) {
    Value init = loop.getInitArgs()[i];
    if (plan.state[i] == State::Scalar || init.getDefiningOp<tensor::EmptyOp>()) continue;
    SmallVector<int64_t> m;
    for (int64_t d = 0; d < rank; ++d) m.push_back(plan.state[i] == State::Reduced && isGroupDim(plan, d) ? -1 : d);
    stateInput[i] = inputFor(init, m);
  }
  for (rm::KernelOp k : plan.kernels)
    for (auto [t, v] : llvm::enumerate(k.getInputs()))
      if (loop.isDefinedOutsideOfLoop(v)) inputFor(v, k.getInputMap(t));
  // Scalars: the bounds, the initial scalar state, values from outside.
  SmallVector<Value> scalars{loop.getLowerBound(), loop.getUpperBound(), loop.getStep()};
  SmallVector<int> stateScalar(nCarried, -1);
  for (unsigned i = 0; i < nCarried; ++i)
    if (plan.state[i] == State::Scalar) {
      stateScalar[i] = scalars.size();
      scalars.push_back(loop.getInitArgs()[i]);
    }
  auto addOutside = [&](Value v) {
    if (loop.isDefinedOutsideOfLoop(v) && !llvm::is_contained(scalars, v)) scalars.push_back(v);
  };
  for (Operation *op : plan.scalarOps)
    for (Value v : op->getOperands()) addOutside(v);
  for (rm::KernelOp k : plan.kernels)
    for (Value v : k.getScalars()) addOutside(v);

  OpBuilder b(loop);
  SmallVector<Attribute> mapAttrs;
  for (const auto &m : maps) mapAttrs.push_back(b.getDenseI64ArrayAttr(m));
  SmallVector<Type> resultTypes;
  for (unsigned i = 0; i < nCarried; ++i)
    if (plan.state[i] == State::Full) resultTypes.push_back(loop.getResult(i).getType());
  for (unsigned i : plan.keptPerPoint) resultTypes.push_back(perPointType(plan, loop.getResult(i).getType()));
  rm::KernelOp last = plan.kernels.back();
  auto fused = b.create<rm::KernelOp>(loc, resultTypes, plan.space, inputs, scalars, b.getArrayAttr(mapAttrs),
                                      b.getDenseI64ArrayAttr({}), b.getArrayAttr({}), last.getLabelAttr());
  SmallVector<std::string> covers = coversOf(plan.kernels);
  covers.insert(covers.begin(), "scf.for " + locationOf(loop));
  setCovers(fused, covers);

  Block *fb = createBodyBlock(b, fused);
  auto inArg = [&](int t) { return fb->getArgument(2 * rank + t); };
  auto scArg = [&](Value v) {
    return fb->getArgument(2 * rank + inputs.size() + (llvm::find(scalars, v) - scalars.begin()));
  };
  b.setInsertionPointToStart(fb);
  SmallVector<Value> inits;
  for (unsigned i = 0; i < nCarried; ++i) {
    if (stateInput[i] >= 0) inits.push_back(inArg(stateInput[i]));
    else if (stateScalar[i] >= 0) inits.push_back(fb->getArgument(2 * rank + inputs.size() + stateScalar[i]));
    else {
      // Never written before the loop: any value will do.
      Type e = cast<RankedTensorType>(loop.getInitArgs()[i].getType()).getElementType();
      inits.push_back(b.create<arith::ConstantOp>(loc, b.getZeroAttr(e)));
    }
  }
  auto inner = b.create<scf::ForOp>(loc, scArg(loop.getLowerBound()), scArg(loop.getUpperBound()),
                                    scArg(loop.getStep()), inits);
  b.setInsertionPointToStart(inner.getBody());
  IRMapping map;
  map.map(loop.getInductionVar(), inner.getInductionVar());
  for (unsigned i = 0; i < nCarried; ++i) map.map(loop.getRegionIterArgs()[i], inner.getRegionIterArgs()[i]);
  for (Value v : scalars)
    if (loop.isDefinedOutsideOfLoop(v)) map.map(v, scArg(v));
  for (Operation *op : plan.scalarOps) b.clone(*op, map);
  // The kernels' bodies at this iteration, in order; their results become
  // values at the point.
  for (rm::KernelOp k : plan.kernels) {
    auto argOf = [&](unsigned t) -> Value {
      Value v = k.getInputs()[t];
      if (loop.isDefinedOutsideOfLoop(v)) return inArg(inputFor(v, k.getInputMap(t)));
      return map.lookup(v);
    };
    SmallVector<Value> values = inlineKernel(b, k, fb, plan, argOf, map);
    for (auto [r, v] : llvm::enumerate(values)) map.map(k.getResult(r), v);
  }
  SmallVector<Value> next;
  for (Value v : lbody->getTerminator()->getOperands()) next.push_back(map.lookupOrDefault(v));
  b.create<scf::YieldOp>(loc, next);
  b.setInsertionPointAfter(inner);
  SmallVector<Value> states;
  for (unsigned i = 0; i < nCarried; ++i)
    if (plan.state[i] == State::Full) states.push_back(inner.getResult(i));
  for (unsigned i : plan.keptPerPoint) states.push_back(inner.getResult(i));
  b.create<rm::YieldOp>(loc, states);
  return fused;
}

// The loop's results, from the fused kernel: full states are its results;
// a reduced state used later is its reduction again, after the loop, on the
// final full states.
SmallVector<Value> loopResults(scf::ForOp loop, const Plan &plan, rm::KernelOp fused) {
  SmallVector<Value> results(loop.getNumResults());
  unsigned n = 0;
  for (unsigned i = 0; i < loop.getNumResults(); ++i)
    if (plan.state[i] == State::Full) results[i] = fused.getResult(n++);
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  OpBuilder b(fused->getContext());
  b.setInsertionPointAfter(fused);
  for (unsigned i : plan.recomputed) {
    auto r = cast<OpResult>(yield.getOperand(i));
    auto k = cast<rm::KernelOp>(r.getOwner());
    IRMapping map;
    for (auto [j, y] : llvm::enumerate(yield.getOperands()))
      if (plan.state[j] == State::Full) map.map(y, results[j]);
    auto copy = cast<rm::KernelOp>(b.clone(*k, map));
    results[i] = copy.getResult(r.getResultNumber());
  }
  for (unsigned i : plan.keptPerPoint)
    results[i] = columnValue(b, loop.getLoc(), plan, fused.getResult(n++), loop.getResult(i).getType(),
                             fused.getLabelAttr());
  return results;
}

// The scalar state after the loop, for code after it: the loop again with
// the scalar bookkeeping only.
void replaceScalarResults(scf::ForOp loop, const Plan &plan) {
  bool used = false;
  for (Value r : loop.getResults()) used |= !isTensor(r) && !r.use_empty();
  if (!used) return;
  SmallVector<Value> inits;
  SmallVector<unsigned> which;
  for (unsigned i = 0; i < loop.getNumRegionIterArgs(); ++i)
    if (!isTensor(loop.getInitArgs()[i])) {
      inits.push_back(loop.getInitArgs()[i]);
      which.push_back(i);
    }
  OpBuilder b(loop);
  auto host = b.create<scf::ForOp>(loop.getLoc(), loop.getLowerBound(), loop.getUpperBound(), loop.getStep(), inits);
  b.setInsertionPointToStart(host.getBody());
  IRMapping map;
  map.map(loop.getInductionVar(), host.getInductionVar());
  for (auto [j, i] : llvm::enumerate(which)) map.map(loop.getRegionIterArgs()[i], host.getRegionIterArgs()[j]);
  for (Operation *op : plan.scalarOps) b.clone(*op, map);
  SmallVector<Value> next;
  for (unsigned i : which) next.push_back(map.lookupOrDefault(loop.getBody()->getTerminator()->getOperand(i)));
  b.create<scf::YieldOp>(loop.getLoc(), next);
  for (auto [j, i] : llvm::enumerate(which)) loop.getResult(i).replaceAllUsesWith(host.getResult(j));
}

} // namespace

bool fuseLoops(func::FuncOp fn, FusionLog &log, const FrozenRewritePatternSet &canonical) {
  bool changed = false;
  SmallVector<scf::ForOp> loops;
  fn.walk([&](scf::ForOp loop) { loops.push_back(loop); }); // inner loops first
  for (scf::ForOp loop : loops) {
    bool hasKernel = false;
    loop.getBody()->walk([&](rm::KernelOp) { hasKernel = true; });
    if (!hasKernel) continue;
    std::string where = "scf.for " + locationOf(loop);
    scf::ForOp candidate = withInvariantShapes(loop, canonical);
    SmallVector<Operation *> hoisted = hoistInvariantChecks(candidate);
    Plan plan;
    std::string why = refusal(candidate, loop, plan);
    if (!why.empty()) {
      candidate.erase();
      for (Operation *op : llvm::reverse(hoisted)) op->erase();
      log.reject(kPattern, where, why);
      continue;
    }
    rm::KernelOp fused = build(candidate, plan);
    SmallVector<Value> results = loopResults(candidate, plan, fused);
    for (auto [r, c] : llvm::zip(loop.getResults(), candidate.getResults()))
      if (!isTensor(r)) r.replaceAllUsesWith(c);
    replaceScalarResults(candidate, plan);
    for (auto [i, r] : llvm::enumerate(loop.getResults()))
      if (isTensor(r) && results[i]) r.replaceAllUsesWith(results[i]);
    candidate.erase();
    loop.erase();
    logFired(log, kPattern, fused);
    changed = true;
  }
  return changed;
}

} // namespace runmat::patterns
