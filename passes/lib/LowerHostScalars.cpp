// runmat elementwise ops on host scalars become arith/math (ScalarSemantics).
#include "runmat/Dialect/RunMat/ScalarSemantics.h"
#include "runmat/Passes/Passes.h"

namespace runmat {
#define GEN_PASS_DEF_LOWERHOSTSCALARS
#include "runmat/Passes/Passes.h.inc"
} // namespace runmat

using namespace mlir;

namespace {

struct LowerHostScalarsPass : ::runmat::impl::LowerHostScalarsBase<LowerHostScalarsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> work;
    SmallVector<mlir::runmat::RandomOp> draws;
    getOperation().walk([&](mlir::runmat::RandomOp r) {
      if (!r->getParentOfType<mlir::runmat::KernelOp>()) draws.push_back(r);
    });
    for (mlir::runmat::RandomOp r : draws) {
      // A single draw on the host (rand()): Philox in host code.
      OpBuilder b(r);
      r.replaceAllUsesWith(mlir::runmat::emitRandomElement(b, r.getLoc(), r.getDistribution(), r.getSeed(),
                                                           r.getStream(), r.getIndex(), r.getType()));
      r.erase();
    }
    getOperation().walk([&](Operation *op) {
      if (!mlir::runmat::isElementwiseOp(op)) return;
      if (llvm::any_of(op->getOperandTypes(), [](Type t) { return isa<RankedTensorType>(t); })) return;
      work.push_back(op);
    });
    for (Operation *op : work) {
      OpBuilder b(op);
      Value v = mlir::runmat::emitElement(b, op->getLoc(), op, op->getOperands(), op->getResult(0).getType());
      if (!v) return signalPassFailure();
      op->getResult(0).replaceAllUsesWith(v);
      op->erase();
    }
  }
};

} // namespace
