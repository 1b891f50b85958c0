// Sibling reductions: two reductions over the same space and dimensions,
// neither reading the other, become one kernel with both results, so their
// inputs are read once and one launch does both (NLMS's final d and
// sum(x .* W, 1); sum and max of one tensor).
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "sibling-reductions";

// The largest merged body, in operations with each elementary function
// (exp, log, pow, sin, ...) counted as 20 and each draw as 10: the GPU
// forms repeat a body 4 or 16 times, and sixty merged pows (a 25,000-line
// shader) took glslang minutes and crashed SPIRV-Tools' optimizer.
constexpr int64_t kMaxMergedWork = 256;

int64_t bodyWork(rm::KernelOp k) {
  int64_t work = 0;
  k.getBody().walk([&](Operation *op) {
    if (isa<arith::ConstantOp>(op) || op->hasTrait<OpTrait::IsTerminator>()) return;
    StringRef dialect = op->getName().getDialectNamespace();
    work += dialect == "math" && !isa<math::AbsFOp, math::FloorOp, math::CeilOp, math::TruncOp, math::FmaOp,
                                    math::CopySignOp, math::RoundOp>(op)
                ? 20
                : isa<rm::RandomOp>(op) ? 10 : 1;
  });
  return work;
}

// Whether `later` reads `earlier`'s results, directly or through ops
// between them in the block.
bool dependsOn(rm::KernelOp later, rm::KernelOp earlier) {
  llvm::SmallPtrSet<Operation *, 16> reached{earlier.getOperation()};
  for (Operation *op = earlier->getNextNode(); op && op != later.getOperation(); op = op->getNextNode()) {
    bool reads = false;
    op->walk([&](Operation *inner) {
      for (Value v : inner->getOperands())
        if (Operation *def = v.getDefiningOp(); def && reached.count(def)) reads = true;
    });
    if (reads) reached.insert(op);
  }
  for (Value v : later->getOperands())
    if (Operation *def = v.getDefiningOp(); def && reached.count(def)) return true;
  return false;
}

// Why `a` and `b` (a before b, same block) cannot be one kernel at `a`'s
// place.
std::string refusal(rm::KernelOp a, rm::KernelOp b, DominanceInfo &dom) {
  if (a.getRank() != b.getRank()) return "their spaces have different ranks";
  for (auto [x, y] : llvm::zip(a.getSpace(), b.getSpace()))
    if (!sameExtent(x, y)) return "they reduce different spaces";
  if (dependsOn(b, a)) return "the second reads the first's result";
  if (int64_t work = bodyWork(a) + bodyWork(b); work > kMaxMergedWork)
    return "one kernel would compute " + std::to_string(work) + " weighted operations a point (at most " +
           std::to_string(kMaxMergedWork) + ")";
  for (Value v : b->getOperands())
    if (!dom.properlyDominates(v, a)) return "the second's operands are computed after the first";
  return "";
}

rm::KernelOp merge(rm::KernelOp a, rm::KernelOp b) {
  MLIRContext *ctx = a.getContext();
  Location loc = a.getLoc();
  const int64_t rank = a.getRank();
  OpBuilder builder(a);
  SmallVector<Value> inputs(a.getInputs()), scalars(a.getScalars());
  inputs.append(b.getInputs().begin(), b.getInputs().end());
  scalars.append(b.getScalars().begin(), b.getScalars().end());
  SmallVector<Attribute> maps(a.getInputMaps().begin(), a.getInputMaps().end()),
      combiners(a.getCombiners().begin(), a.getCombiners().end());
  maps.append(b.getInputMaps().begin(), b.getInputMaps().end());
  combiners.append(b.getCombiners().begin(), b.getCombiners().end());
  SmallVector<Type> results(a.getResultTypes());
  results.append(b.getResultTypes().begin(), b.getResultTypes().end());
  auto merged = builder.create<rm::KernelOp>(loc, results, a.getSpace(), inputs, scalars, builder.getArrayAttr(maps),
                                             a.getReduceDimsAttr(), builder.getArrayAttr(combiners), a.getLabelAttr());
  setCovers(merged, coversOf({a, b}));

  // Body: both bodies, each on its own inputs and scalars.
  Block *body = createBodyBlock(builder, merged);
  const unsigned aIn = a.getInputs().size(), aSc = a.getScalars().size();
  auto inArg = [&](unsigned i) { return body->getArgument(2 * rank + i); };
  auto scArg = [&](unsigned s) { return body->getArgument(2 * rank + inputs.size() + s); };
  SmallVector<Value> yields = cloneBodyAt(builder, a, body, inArg, scArg);
  yields.append(cloneBodyAt(
      builder, b, body, [&](unsigned t) { return inArg(aIn + t); }, [&](unsigned s) { return scArg(aSc + s); }));
  builder.create<rm::YieldOp>(loc, yields);

  // Epilogue: the accumulators of both, the extents, and the scalars when
  // either epilogue takes them.
  auto takesScalars = [&](rm::KernelOp k) {
    return k.getEpilogue().front().getNumArguments() > k.getNumResults() + (unsigned)rank;
  };
  bool withScalars = takesScalars(a) || takesScalars(b);
  SmallVector<Type> epiTypes;
  for (Value v : yields) epiTypes.push_back(v.getType());
  epiTypes.append(rank, IndexType::get(ctx));
  if (withScalars)
    for (Value v : scalars) epiTypes.push_back(v.getType());
  Block *epi = builder.createBlock(&merged.getEpilogue(), {}, epiTypes, SmallVector<Location>(epiTypes.size(), loc));
  const unsigned nAcc = yields.size();
  SmallVector<Value> outs;
  auto inlineEpilogue = [&](rm::KernelOp k, unsigned accBase, unsigned scBase) {
    Block &ke = k.getEpilogue().front();
    IRMapping map;
    unsigned nk = k.getNumResults();
    for (unsigned r = 0; r < nk; ++r) map.map(ke.getArgument(r), epi->getArgument(accBase + r));
    for (int64_t p = 0; p < rank; ++p) map.map(ke.getArgument(nk + p), epi->getArgument(nAcc + p));
    if (takesScalars(k))
      for (unsigned s = 0; s < k.getScalars().size(); ++s)
        map.map(ke.getArgument(nk + rank + s), epi->getArgument(nAcc + rank + scBase + s));
    for (Operation &op : ke.without_terminator()) builder.clone(op, map);
    for (Value v : ke.getTerminator()->getOperands()) outs.push_back(map.lookupOrDefault(v));
  };
  inlineEpilogue(a, 0, 0);
  inlineEpilogue(b, a.getNumResults(), aSc);
  builder.create<rm::YieldOp>(loc, outs);

  const unsigned na = a.getNumResults();
  for (unsigned r = 0; r < na; ++r) a.getResult(r).replaceAllUsesWith(merged.getResult(r));
  for (unsigned r = 0; r < b.getNumResults(); ++r) b.getResult(r).replaceAllUsesWith(merged.getResult(na + r));
  b.erase();
  a.erase();
  return dedupeOperands(merged);
}

} // namespace

bool fuseSiblingReductions(func::FuncOp fn, FusionLog &log) {
  return repeatUntilStable([&] {
    DominanceInfo dom(fn);
    for (rm::KernelOp a : kernelsOf(fn)) {
      if (!a.isReduction()) continue;
      for (Operation *op = a->getNextNode(); op; op = op->getNextNode()) {
        auto b = dyn_cast<rm::KernelOp>(op);
        if (!b || !b.isReduction()) continue;
        // Candidates (worth a line in the report): reductions over the same
        // dimensions that share an input, or read results of one kernel (a
        // fused loop's states).
        auto producer = [](Value v) { return v.getDefiningOp<rm::KernelOp>(); };
        bool shared = false;
        for (Value v : b.getInputs()) {
          shared |= llvm::is_contained(a.getInputs(), v);
          if (rm::KernelOp p = producer(v))
            for (Value u : a.getInputs()) shared |= producer(u) == p;
        }
        if (!shared || a.getReduceDims() != b.getReduceDims()) continue;
        std::string why = refusal(a, b, dom);
        if (!why.empty()) {
          log.reject(kPattern, coversOf(a).front() + " with " + coversOf(b).front(), why);
          continue;
        }
        logFired(log, kPattern, merge(a, b));
        return true;
      }
    }
    return false;
  });
}

} // namespace runmat::patterns
