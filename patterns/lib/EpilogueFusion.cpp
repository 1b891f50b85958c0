// Epilogue fusion: a map kernel that reads only a reduction's results, at
// the reduction's output points (a conversion, a scale, a square root of a
// mean), runs in the reduction's epilogue instead of as a launch of its own.
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "epilogue";

bool isConstOne(Value v) {
  auto c = v.getDefiningOp<arith::ConstantIndexOp>();
  return c && c.value() == 1;
}

// Why `consumer` cannot move into the epilogue of `reduction` ("" if it can).
std::string refusal(rm::KernelOp reduction, rm::KernelOp consumer) {
  if (consumer.isReduction()) return "the consumer is a reduction";
  if (!consumer.getGroupDims().empty()) return "the consumer reduces within columns of its own space";
  if (reduction->getBlock() != consumer->getBlock()) return "they are in different blocks";
  // A kernel keeps one combiner per result: an epilogue may not change how
  // many values it produces (sum(x) ./ sum(f(x)) of two merged siblings).
  if (consumer.getNumResults() != reduction.getNumResults())
    return "the consumer makes " + std::to_string(consumer.getNumResults()) + " results of the reduction's " +
           std::to_string(reduction.getNumResults());
  for (Value r : reduction->getResults())
    for (Operation *user : r.getUsers())
      if (user != consumer.getOperation()) return "the reduction's result is also read elsewhere";
  // The consumer's space is the reduction's output (trailing extents of 1
  // may be left out of either).
  for (int64_t d = 0; d < std::max(reduction.getRank(), consumer.getRank()); ++d) {
    bool reduced = d >= reduction.getRank() || llvm::is_contained(reduction.getReduceDims(), d) ||
                   isConstOne(reduction.getSpace()[d]);
    if (d >= consumer.getRank()) {
      if (!reduced) return "the consumer's space is not the reduction's output";
      continue;
    }
    Value e = consumer.getSpace()[d];
    if (reduced ? !isConstOne(e) : e != reduction.getSpace()[d]) return "the consumer's space is not the reduction's output";
  }
  for (auto [t, v] : llvm::enumerate(consumer.getInputs())) {
    if (v.getDefiningOp() != reduction.getOperation()) return "the consumer reads other tensors too";
    SmallVector<int64_t> m = consumer.getInputMap(t);
    for (int64_t d = 0; d < (int64_t)m.size(); ++d)
      if (m[d] != d && !(m[d] == -1 && (d >= reduction.getRank() || llvm::is_contained(reduction.getReduceDims(), d) ||
                                        isConstOne(reduction.getSpace()[d]))))
        return "the consumer reads the reduction's results at other points";
  }
  for (int64_t p = 0; p < consumer.getRank(); ++p)
    if (!consumer.getBodyBlock().getArgument(p).use_empty()) return "the consumer uses its indices";
  return "";
}

rm::KernelOp fuse(rm::KernelOp reduction, rm::KernelOp consumer) {
  MLIRContext *ctx = reduction.getContext();
  Location loc = reduction.getLoc();
  const int64_t rank = reduction.getRank();
  SmallVector<Value> scalars(reduction.getScalars().begin(), reduction.getScalars().end());
  const unsigned ownScalars = scalars.size();
  scalars.append(consumer.getScalars().begin(), consumer.getScalars().end());

  OpBuilder b(consumer);
  auto fused = b.create<rm::KernelOp>(loc, consumer.getResultTypes(), reduction.getSpace(), reduction.getInputs(),
                                      scalars, reduction.getInputMaps(), reduction.getReduceDimsAttr(),
                                      reduction.getCombiners(), reduction.getLabelAttr());
  for (NamedAttribute a : reduction->getDiscardableAttrs()) fused->setAttr(a.getName(), a.getValue());
  SmallVector<std::string> covers = coversOf(reduction);
  for (const std::string &c : coversOf(consumer))
    if (!llvm::is_contained(covers, c)) covers.push_back(c);
  setCovers(fused, covers);

  // The body gains the consumer's scalars as (unused) arguments.
  Block &body = reduction.getBodyBlock();
  for (Value s : consumer.getScalars()) body.addArgument(s.getType(), loc);
  fused.getBody().takeBody(reduction.getBody());

  // Epilogue: accumulators, extents, every scalar; the old epilogue, then
  // the consumer's body on what it yielded.
  Block &old = reduction.getEpilogue().front();
  const unsigned nAcc = reduction.getNumResults();
  SmallVector<Type> argTypes;
  for (unsigned r = 0; r < nAcc; ++r) argTypes.push_back(old.getArgument(r).getType());
  argTypes.append(rank, IndexType::get(ctx));
  for (Value s : scalars) argTypes.push_back(s.getType());
  Block *epi = b.createBlock(&fused.getEpilogue(), {}, argTypes, SmallVector<Location>(argTypes.size(), loc));
  b.setInsertionPointToStart(epi);
  IRMapping omap;
  for (unsigned a = 0; a < old.getNumArguments(); ++a) omap.map(old.getArgument(a), epi->getArgument(a));
  for (Operation &op : old.without_terminator()) b.clone(op, omap);
  SmallVector<Value> produced;
  for (Value v : old.getTerminator()->getOperands()) produced.push_back(omap.lookupOrDefault(v));

  Block &cb = consumer.getBodyBlock();
  IRMapping cmap;
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  const int64_t crank = consumer.getRank();
  for (int64_t p = 0; p < crank; ++p) {
    bool reduced = p >= rank || llvm::is_contained(reduction.getReduceDims(), p);
    cmap.map(cb.getArgument(crank + p), reduced ? one : epi->getArgument(nAcc + p));
  }
  for (auto [t, v] : llvm::enumerate(consumer.getInputs()))
    cmap.map(cb.getArgument(2 * crank + t), produced[cast<OpResult>(v).getResultNumber()]);
  for (unsigned s = 0; s < consumer.getScalars().size(); ++s)
    cmap.map(cb.getArgument(2 * crank + consumer.getInputs().size() + s), epi->getArgument(nAcc + rank + ownScalars + s));
  for (Operation &op : cb) b.clone(op, cmap);

  consumer.replaceAllUsesWith(fused.getResults());
  consumer.erase();
  reduction.erase();
  return fused;
}

} // namespace

bool fuseEpilogues(func::FuncOp fn, FusionLog &log) {
  return repeatUntilStable([&] {
    for (rm::KernelOp reduction : kernelsOf(fn)) {
      if (!reduction.isReduction() || reduction->use_empty()) continue;
      auto consumer = dyn_cast<rm::KernelOp>(*reduction->getUsers().begin());
      if (!consumer) continue;
      std::string why = refusal(reduction, consumer);
      if (!why.empty()) {
        log.reject(kPattern, coversOf(consumer).front() + " into " + coversOf(reduction).front(), why);
        continue;
      }
      logFired(log, kPattern, fuse(reduction, consumer));
      return true;
    }
    return false;
  });
}

} // namespace runmat::patterns
