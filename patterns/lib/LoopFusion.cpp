// Loop fusion: a time loop whose body, after elementwise fusion, is one map
// kernel that updates its state pointwise (Monte Carlo paths, IIR channels)
// becomes one kernel with the loop inside, parallel over the state's
// elements. The loop's scalar bookkeeping (the random stream counter,
// anything else the body computes from scalars) moves in with it, so each
// element draws exactly the numbers the unfused program draws.
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "loop";

bool isTensor(Value v) { return isa<RankedTensorType>(v.getType()); }

bool sameExtent(Value a, Value b) {
  if (a == b) return true;
  auto ca = a.getDefiningOp<arith::ConstantIndexOp>(), cb = b.getDefiningOp<arith::ConstantIndexOp>();
  return ca && cb && ca.value() == cb.value();
}

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
// then simplified: if the kernel's space is the initial shape again, the
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
  (void)applyPatternsAndFoldGreedily(copy.getRegion(), canonical);
  return copy;
}

struct Plan {
  rm::KernelOp kernel;
  SmallVector<Operation *> scalarOps;
};

// Why `loop` (shapes already made invariant) cannot become one kernel; fills
// `plan` when it can.
std::string refusal(scf::ForOp loop, Plan &plan) {
  Block *body = loop.getBody();
  for (Operation &op : body->without_terminator()) {
    if (auto k = dyn_cast<rm::KernelOp>(op)) {
      if (plan.kernel) return "its body is more than one kernel after elementwise fusion";
      if (k.isReduction())
        return "its body reduces (" + coversOf(k).front() + "); column-local loop fusion is not implemented";
      plan.kernel = k;
    } else if (isScalarOp(op)) {
      plan.scalarOps.push_back(&op);
    } else if (isa<tensor::DimOp>(op)) {
      return "the shape of its state may change from one iteration to the next";
    } else {
      return "its body has " + op.getName().getStringRef().str() + ", which a kernel cannot run";
    }
  }
  rm::KernelOp k = plan.kernel;
  if (!k) return "its body has no kernel";
  auto yield = cast<scf::YieldOp>(body->getTerminator());
  for (unsigned i = 0; i < loop.getNumRegionIterArgs(); ++i) {
    Value arg = loop.getRegionIterArgs()[i], next = yield.getOperand(i);
    if (!isTensor(arg)) continue;
    if (next.getDefiningOp() != k.getOperation()) return "a tensor it carries is not the kernel's result";
    for (Operation *user : arg.getUsers())
      if (user != k.getOperation()) return "a tensor it carries is read outside the kernel";
    // The kernel's space is the state's initial shape.
    for (int64_t d = 0; d < k.getRank(); ++d) {
      Value init = extentBefore(loop, loop.getInitArgs()[i], d);
      if (!sameExtent(init, k.getSpace()[d])) return "the shape of its state may change from one iteration to the next";
    }
  }
  for (OpResult r : k->getResults())
    for (Operation *user : r.getUsers())
      if (user != yield.getOperation()) return "a kernel result is used in the loop besides being carried";
  for (Value e : k.getSpace())
    if (!loop.isDefinedOutsideOfLoop(e)) return "the kernel's extents are computed inside the loop";
  for (auto [t, v] : llvm::enumerate(k.getInputs())) {
    if (loop.isDefinedOutsideOfLoop(v)) continue;
    auto arg = dyn_cast<BlockArgument>(v);
    if (!arg || arg.getOwner() != body || arg.getArgNumber() == 0)
      return "the kernel reads a tensor computed inside the loop by something else";
    // State is read at the point it is written: element-local.
    SmallVector<int64_t> m = k.getInputMap(t);
    for (int64_t d = 0; d < (int64_t)m.size(); ++d) {
      if (m[d] == d) continue;
      auto one = k.getSpace()[d].getDefiningOp<arith::ConstantIndexOp>();
      if (m[d] >= 0 || !one || one.value() != 1) return "the kernel reads its state at other points than it writes";
    }
  }
  return "";
}

// The fused kernel, in place of `loop` (whose shapes `plan` was made on).
rm::KernelOp build(scf::ForOp loop, const Plan &plan) {
  rm::KernelOp k = plan.kernel;
  MLIRContext *ctx = loop.getContext();
  Location loc = loop.getLoc();
  const int64_t rank = k.getRank();
  Block *lbody = loop.getBody();
  const unsigned nCarried = loop.getNumRegionIterArgs();

  // Inputs: the initial state, then tensors the kernel reads from outside.
  SmallVector<Value> inputs;
  SmallVector<SmallVector<int64_t>> maps;
  SmallVector<int> stateInput(nCarried, -1);
  for (unsigned i = 0; i < nCarried; ++i) {
    Value init = loop.getInitArgs()[i];
    if (!isTensor(init)) continue;
    stateInput[i] = inputs.size();
    inputs.push_back(init);
    SmallVector<int64_t> m;
    for (int64_t d = 0; d < cast<RankedTensorType>(init.getType()).getRank(); ++d) m.push_back(d);
    maps.push_back(m);
  }
  SmallVector<int> outsideInput(k.getInputs().size(), -1);
  for (auto [t, v] : llvm::enumerate(k.getInputs()))
    if (loop.isDefinedOutsideOfLoop(v)) {
      outsideInput[t] = inputs.size();
      inputs.push_back(v);
      maps.push_back(k.getInputMap(t));
    }
  // Scalars: the bounds, the initial scalar state, values from outside.
  SmallVector<Value> scalars{loop.getLowerBound(), loop.getUpperBound(), loop.getStep()};
  SmallVector<int> stateScalar(nCarried, -1);
  for (unsigned i = 0; i < nCarried; ++i)
    if (!isTensor(loop.getInitArgs()[i])) {
      stateScalar[i] = scalars.size();
      scalars.push_back(loop.getInitArgs()[i]);
    }
  auto addOutside = [&](Value v) {
    if (loop.isDefinedOutsideOfLoop(v) && !llvm::is_contained(scalars, v)) scalars.push_back(v);
  };
  for (Operation *op : plan.scalarOps)
    for (Value v : op->getOperands()) addOutside(v);
  for (Value v : k.getScalars()) addOutside(v);

  OpBuilder b(loop);
  SmallVector<Attribute> mapAttrs;
  for (const auto &m : maps) mapAttrs.push_back(b.getDenseI64ArrayAttr(m));
  SmallVector<Type> resultTypes;
  for (Value r : loop.getResults())
    if (isTensor(r)) resultTypes.push_back(r.getType());
  auto fused = b.create<rm::KernelOp>(loc, resultTypes, k.getSpace(), inputs, scalars, b.getArrayAttr(mapAttrs),
                                      b.getDenseI64ArrayAttr({}), b.getArrayAttr({}), k.getLabelAttr());
  for (NamedAttribute a : k->getDiscardableAttrs()) fused->setAttr(a.getName(), a.getValue());
  SmallVector<std::string> covers = coversOf(k);
  covers.insert(covers.begin(), "scf.for " + locationOf(loop));
  setCovers(fused, covers);

  SmallVector<Type> argTypes(2 * rank, IndexType::get(ctx));
  for (Value v : inputs) argTypes.push_back(cast<RankedTensorType>(v.getType()).getElementType());
  for (Value v : scalars) argTypes.push_back(v.getType());
  Block *fb = b.createBlock(&fused.getBody(), {}, argTypes, SmallVector<Location>(argTypes.size(), loc));
  auto inArg = [&](int t) { return fb->getArgument(2 * rank + t); };
  auto scArg = [&](Value v) {
    return fb->getArgument(2 * rank + inputs.size() + (llvm::find(scalars, v) - scalars.begin()));
  };
  b.setInsertionPointToStart(fb);
  SmallVector<Value> inits;
  for (unsigned i = 0; i < nCarried; ++i)
    inits.push_back(stateInput[i] >= 0 ? inArg(stateInput[i]) : fb->getArgument(2 * rank + inputs.size() + stateScalar[i]));
  auto inner = b.create<scf::ForOp>(loc, scArg(loop.getLowerBound()), scArg(loop.getUpperBound()),
                                    scArg(loop.getStep()), inits);
  b.setInsertionPointToStart(inner.getBody());
  IRMapping map;
  map.map(loop.getInductionVar(), inner.getInductionVar());
  for (unsigned i = 0; i < nCarried; ++i) map.map(loop.getRegionIterArgs()[i], inner.getRegionIterArgs()[i]);
  for (Value v : scalars)
    if (loop.isDefinedOutsideOfLoop(v)) map.map(v, scArg(v));
  for (Operation *op : plan.scalarOps) b.clone(*op, map);
  // The kernel's body at this iteration.
  Block &kb = k.getBodyBlock();
  IRMapping kmap;
  for (int64_t p = 0; p < 2 * rank; ++p) kmap.map(kb.getArgument(p), fb->getArgument(p));
  for (auto [t, v] : llvm::enumerate(k.getInputs()))
    kmap.map(kb.getArgument(2 * rank + t), outsideInput[t] >= 0 ? inArg(outsideInput[t]) : map.lookup(v));
  for (auto [s, v] : llvm::enumerate(k.getScalars()))
    kmap.map(kb.getArgument(2 * rank + k.getInputs().size() + s), map.lookupOrDefault(v));
  for (Operation &op : kb.without_terminator()) b.clone(op, kmap);
  auto kyield = cast<rm::YieldOp>(kb.getTerminator());
  SmallVector<Value> next;
  for (Value v : lbody->getTerminator()->getOperands()) {
    if (auto r = dyn_cast<OpResult>(v); r && r.getOwner() == k.getOperation())
      next.push_back(kmap.lookupOrDefault(kyield.getOperand(r.getResultNumber())));
    else next.push_back(map.lookupOrDefault(v));
  }
  b.create<scf::YieldOp>(loc, next);
  b.setInsertionPointAfter(inner);
  SmallVector<Value> states;
  for (unsigned i = 0; i < nCarried; ++i)
    if (stateInput[i] >= 0) states.push_back(inner.getResult(i));
  b.create<rm::YieldOp>(loc, states);
  return fused;
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

bool fuseLoops(func::FuncOp fn, FusionLog &log) {
  bool changed = false;
  // The canonicalizer's patterns, gathered once for every candidate loop.
  MLIRContext *ctx = fn.getContext();
  RewritePatternSet patterns(ctx);
  for (Dialect *d : ctx->getLoadedDialects()) d->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations()) op.getCanonicalizationPatterns(patterns, ctx);
  FrozenRewritePatternSet canonical(std::move(patterns));
  SmallVector<scf::ForOp> loops;
  fn.walk([&](scf::ForOp loop) { loops.push_back(loop); }); // inner loops first
  for (scf::ForOp loop : loops) {
    bool hasKernel = false;
    loop.getBody()->walk([&](rm::KernelOp) { hasKernel = true; });
    if (!hasKernel) continue;
    std::string where = "scf.for " + locationOf(loop);
    scf::ForOp candidate = withInvariantShapes(loop, canonical);
    Plan plan;
    std::string why = refusal(candidate, plan);
    if (!why.empty()) {
      candidate.erase();
      log.reject(kPattern, where, why);
      continue;
    }
    rm::KernelOp fused = build(candidate, plan);
    for (auto [r, c] : llvm::zip(loop.getResults(), candidate.getResults()))
      if (!isTensor(r)) r.replaceAllUsesWith(c);
    replaceScalarResults(candidate, plan);
    unsigned n = 0;
    for (Value r : loop.getResults())
      if (isTensor(r)) r.replaceAllUsesWith(fused.getResult(n++));
    candidate.erase();
    loop.erase();
    SmallVector<std::string> covers = coversOf(fused);
    log.fire(kPattern, std::vector<std::string>(covers.begin(), covers.end()));
    changed = true;
  }
  return changed;
}

} // namespace runmat::patterns
