// runmat-number-kernels: each kernel's stable number (Passes.td).
#include "runmat/Passes/Passes.h"
#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "llvm/ADT/DenseSet.h"

namespace runmat {
#define GEN_PASS_DEF_NUMBERKERNELS
#include "runmat/Passes/Passes.h.inc"
} // namespace runmat

using namespace mlir;
namespace rm = mlir::runmat;

namespace {

struct NumberKernelsPass : ::runmat::impl::NumberKernelsBase<NumberKernelsPass> {
  void runOnOperation() override {
    int64_t next = 0;
    llvm::DenseSet<int64_t> taken;
    WalkResult given = getOperation().walk([&](rm::KernelOp k) {
      if (auto id = k.getKernelId()) {
        if (!taken.insert((int64_t)*id).second) {
          k.emitOpError() << "has kernel_id " << *id << ", which another kernel has";
          return WalkResult::interrupt();
        }
        next = std::max(next, (int64_t)*id + 1);
      }
      return WalkResult::advance();
    });
    if (given.wasInterrupted()) return signalPassFailure();
    Builder b(&getContext());
    getOperation().walk([&](rm::KernelOp k) {
      if (!k.getKernelId()) k.setKernelIdAttr(b.getI64IntegerAttr(next++));
    });
  }
};

} // namespace
