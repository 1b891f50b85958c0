// runmat-fuse: the fusion planner's driver (Passes.td).
#include "runmat/Passes/Passes.h"
#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/IR/Builders.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace runmat {
#define GEN_PASS_DEF_FUSEKERNELS
#include "runmat/Passes/Passes.h.inc"
} // namespace runmat

using namespace mlir;
namespace rm = mlir::runmat;

namespace {

int64_t countKernels(ModuleOp m) {
  int64_t n = 0;
  m.walk([&](rm::KernelOp) { ++n; });
  return n;
}

DictionaryAttr report(ModuleOp m, int64_t before, const ::runmat::patterns::FusionLog &log) {
  Builder b(m.getContext());
  auto strings = [&](const std::vector<std::string> &v) {
    SmallVector<Attribute> a;
    for (const std::string &s : v) a.push_back(b.getStringAttr(s));
    return b.getArrayAttr(a);
  };
  SmallVector<Attribute> fired, rejected;
  for (const auto &f : log.fired)
    fired.push_back(b.getDictionaryAttr(
        {b.getNamedAttr("pattern", b.getStringAttr(f.pattern)), b.getNamedAttr("covers", strings(f.covers))}));
  for (const auto &r : log.rejected)
    rejected.push_back(b.getDictionaryAttr({b.getNamedAttr("pattern", b.getStringAttr(r.pattern)),
                                            b.getNamedAttr("candidate", b.getStringAttr(r.candidate)),
                                            b.getNamedAttr("reason", b.getStringAttr(r.reason))}));
  return b.getDictionaryAttr({b.getNamedAttr("kernels_before", b.getI64IntegerAttr(before)),
                              b.getNamedAttr("kernels_after", b.getI64IntegerAttr(countKernels(m))),
                              b.getNamedAttr("fired", b.getArrayAttr(fired)),
                              b.getNamedAttr("rejected", b.getArrayAttr(rejected))});
}

struct FuseKernelsPass : ::runmat::impl::FuseKernelsBase<FuseKernelsPass> {
  LogicalResult initialize(MLIRContext *ctx) override {
    RewritePatternSet patterns(ctx);
    for (Dialect *d : ctx->getLoadedDialects()) d->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName op : ctx->getRegisteredOperations()) op.getCanonicalizationPatterns(patterns, ctx);
    canonical_ = FrozenRewritePatternSet(std::move(patterns));
    return success();
  }
  FrozenRewritePatternSet canonical_;

  void runOnOperation() override {
    ModuleOp m = getOperation();
    int64_t before = countKernels(m);
    ::runmat::patterns::FusionLog log;
    for (auto fn : m.getOps<func::FuncOp>()) {
      // Elementwise first, so loop bodies become single kernels; then the
      // fused loops join the kernels around them.
      ::runmat::patterns::fuseElementwise(fn, log);
      if (::runmat::patterns::fuseLoops(fn, log, canonical_)) ::runmat::patterns::fuseElementwise(fn, log);
      // Reductions over more dimensions read their producers in their own
      // shape, which the elementwise family can then fuse.
      if (::runmat::patterns::fuseReductions(fn, log)) ::runmat::patterns::fuseElementwise(fn, log);
      ::runmat::patterns::fuseMeanVariance(fn, log);
      // Siblings compare extents: fold the shape arithmetic fusion left first.
      (void)applyPatternsAndFoldGreedily(fn, canonical_);
      ::runmat::patterns::fuseSiblingReductions(fn, log);
      ::runmat::patterns::fuseEpilogues(fn, log);
      for (rm::KernelOp k : ::runmat::patterns::kernelsOf(fn)) ::runmat::patterns::sinkConstantScalars(k);
    }
    m->setAttr("runmat.fusion", report(m, before, log));
  }
};

} // namespace
