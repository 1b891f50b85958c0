// Generic producer-consumer fusion: a map kernel whose result another kernel
// of the same block reads is computed inside that kernel instead of stored.
// A producer read by one kernel moves there; one read by several is copied
// into each when it is cheap and draws no random numbers (recomputing a draw
// is exact, but costs more than reading it back on a CPU); otherwise it stays.
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

constexpr int kCheapOps = 8; // body ops a producer may have to be copied into several consumers

int bodyOps(rm::KernelOp k) {
  int n = 0;
  k.getBodyBlock().walk([&](Operation *op) { n += !isa<rm::YieldOp, arith::ConstantOp>(op); });
  return n;
}

std::string what(rm::KernelOp k) { return k.getLabel().value_or("kernel").str(); }

// Why `producer` should not move into `consumer` ("" when it should).
std::string refusal(rm::KernelOp producer, rm::KernelOp consumer) {
  if (producer.isReduction()) return "the producer is a reduction: its result needs every point";
  if (!producer.getGroupDims().empty())
    return "the producer reduces within columns of its own space (column-local loop), which a consumer's space "
           "does not keep";
  if (producer->getBlock() != consumer->getBlock()) return "the producer is outside the consumer's block (a loop)";
  bool onlyKernels = true;
  int users = 0;
  for (Operation *user : producer->getUsers()) {
    users++;
    onlyKernels &= isa<rm::KernelOp>(user) && user->getBlock() == producer->getBlock();
  }
  if (users == 1) return "";
  if (!onlyKernels) return "its result is also used outside kernels, so it is stored anyway";
  if (producer.drawsRandom()) return "a random draw read by several kernels is stored rather than drawn again";
  if (bodyOps(producer) > kCheapOps) return "too costly to compute again in each of its readers";
  return "";
}

} // namespace

bool fuseElementwise(func::FuncOp fn, FusionLog &log) {
  bool changed = false;
  for (bool again = true; again;) {
    again = false;
    SmallVector<rm::KernelOp> kernels = kernelsOf(fn);
    for (rm::KernelOp consumer : kernels) {
      for (unsigned t = 0; t < consumer.getInputs().size(); ++t) {
        auto producer = consumer.getInputs()[t].getDefiningOp<rm::KernelOp>();
        if (!producer) continue;
        std::string why = refusal(producer, consumer);
        if (!why.empty()) {
          log.reject("elementwise", what(producer), why); // once per producer, not per reader
          continue;
        }
        unsigned result = cast<OpResult>(consumer.getInputs()[t]).getResultNumber();
        auto fused = inlineProducer(consumer, t, producer, result, why);
        if (failed(fused)) {
          log.reject("elementwise", what(producer) + " into " + what(consumer), why);
          continue;
        }
        rm::KernelOp k = dedupeOperands(*fused);
        if (producer->use_empty()) producer.erase();
        SmallVector<std::string> covers = coversOf(k);
        log.fire(k.isReduction() ? "map-reduce" : "elementwise", std::vector<std::string>(covers.begin(), covers.end()));
        changed = again = true;
        break;
      }
      if (again) break;
    }
  }
  return changed;
}

} // namespace runmat::patterns
