// Power-step normalisation: Q = G*Q; Q = Q ./ (sqrt(sum(Q.^2, 1)) + eps).
// A map kernel that reads a matrix product's result and a per-column
// reduction of it becomes one column-local kernel: the product's per-column
// L2 epilogue. The column sums are runmat.group_reduce in the kernel, so a
// power step is two launches (the product, the normalisation) and the
// column norms are never stored.
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "power-step";

bool hasLoop(rm::KernelOp k) {
  bool found = false;
  k.getBody().walk([&](scf::ForOp) { found = true; });
  return found;
}

// Why `consumer`'s input `t`, a result of `norms`, cannot be computed inside
// it as a group reduction.
std::string refusal(rm::KernelOp consumer, unsigned t, rm::KernelOp norms) {
  if (consumer.isReduction()) return "the consumer is a reduction";
  if (norms.getReduceDims() != ArrayRef<int64_t>{0}) return "the reduction is not over columns (sum(x, 1))";
  if (norms.getRank() != consumer.getRank()) return "the reduction's space has another rank";
  for (auto [a, b] : llvm::zip(norms.getSpace(), consumer.getSpace()))
    if (!sameExtent(a, b)) return "the reduction runs over another space than the consumer";
  for (Attribute c : norms.getCombiners())
    if ((rm::ReduceKind)cast<IntegerAttr>(c).getInt() == rm::ReduceKind::Mean) return "the reduction averages";
  for (Value v : norms.getBodyBlock().getTerminator()->getOperands())
    if (!isa<FloatType>(v.getType())) return "the reduction combines values that are not floating point";
  if (hasLoop(consumer) || hasLoop(norms)) return "a time loop is in one of them";
  for (Operation *user : norms->getUsers())
    if (user != consumer.getOperation()) return "the reduction's result is also read elsewhere";
  // Per column: the consumer reads the norms at its point's column.
  SmallVector<int64_t> m = consumer.getInputMap(t);
  auto type = cast<RankedTensorType>(consumer.getInputs()[t].getType());
  if ((int64_t)m.size() != consumer.getRank()) return "the consumer reads the reduction in another rank";
  for (int64_t d = 0; d < (int64_t)m.size(); ++d) {
    bool ok = d == 0 ? (m[d] == -1 || (m[d] == 0 && type.getDimSize(0) == 1)) : m[d] == d;
    if (!ok) return "the consumer reads the reduction at other columns";
  }
  // What is normalised is a matrix product's columns (a tall column would
  // leave the GPU one workgroup per column: the pattern keeps to products).
  bool ofProduct = false;
  for (Value v : norms.getInputs()) ofProduct |= v.getDefiningOp<rm::MatmulOp>() != nullptr;
  if (!ofProduct) return "what the reduction reads is not a matrix product's result";
  return "";
}

rm::KernelOp fuse(rm::KernelOp consumer, unsigned t, rm::KernelOp norms) {
  Location loc = consumer.getLoc();
  const int64_t rank = consumer.getRank();
  auto result = cast<OpResult>(consumer.getInputs()[t]);
  OpBuilder b(consumer);
  // Inputs: the consumer's but the norms, then the reduction's.
  SmallVector<Value> inputs;
  SmallVector<Attribute> maps;
  for (auto [u, v] : llvm::enumerate(consumer.getInputs()))
    if (u != t) {
      inputs.push_back(v);
      maps.push_back(consumer.getInputMaps()[u]);
    }
  const unsigned nKeep = inputs.size();
  inputs.append(norms.getInputs().begin(), norms.getInputs().end());
  maps.append(norms.getInputMaps().begin(), norms.getInputMaps().end());
  SmallVector<Value> scalars(consumer.getScalars());
  scalars.append(norms.getScalars().begin(), norms.getScalars().end());
  auto fused = b.create<rm::KernelOp>(loc, consumer.getResultTypes(), consumer.getSpace(), inputs, scalars,
                                      b.getArrayAttr(maps), b.getDenseI64ArrayAttr({}), b.getArrayAttr({}),
                                      consumer.getLabelAttr());
  setCovers(fused, coversOf({consumer, norms}));

  Block *body = createBodyBlock(b, fused);
  auto inArg = [&](unsigned i) { return body->getArgument(2 * rank + i); };
  auto scArg = [&](unsigned s) { return body->getArgument(2 * rank + inputs.size() + s); };
  // The reduction's body at the point, its group reductions, its epilogue;
  // then the consumer's body, reading the norms as that value.
  const unsigned cSc = consumer.getScalars().size();
  Value columnValue = groupReducedAt(
      b, norms, body, {0}, [&](unsigned i) { return inArg(nKeep + i); },
      [&](unsigned s) { return scArg(cSc + s); })[result.getResultNumber()];
  unsigned kept = 0;
  SmallVector<Value> readAt(consumer.getInputs().size());
  for (unsigned u = 0; u < readAt.size(); ++u) readAt[u] = u == t ? columnValue : inArg(kept++);
  SmallVector<Value> yields =
      cloneBodyAt(b, consumer, body, [&](unsigned u) { return readAt[u]; }, scArg);
  b.create<rm::YieldOp>(loc, yields);
  consumer.replaceAllUsesWith(fused.getResults());
  consumer.erase();
  norms.erase();
  return dedupeOperands(fused);
}

} // namespace

bool fusePowerSteps(func::FuncOp fn, FusionLog &log) {
  return repeatUntilStable([&] {
    for (rm::KernelOp consumer : kernelsOf(fn)) {
      for (auto [t, v] : llvm::enumerate(consumer.getInputs())) {
        auto norms = v.getDefiningOp<rm::KernelOp>();
        if (!norms || !norms.isReduction()) continue;
        std::string why = refusal(consumer, t, norms);
        if (!why.empty()) {
          // Candidates worth a report line: reductions of a product's result.
          bool ofProduct = false;
          for (Value in : norms.getInputs()) ofProduct |= in.getDefiningOp<rm::MatmulOp>() != nullptr;
          if (ofProduct) log.reject(kPattern, coversOf(norms).front() + " into " + coversOf(consumer).front(), why);
          continue;
        }
        logFired(log, kPattern, fuse(consumer, t, norms));
        return true;
      }
    }
    return false;
  });
}

} // namespace runmat::patterns
