// runmat-fuse: the fusion planner's driver (Passes.td).
#include "runmat/Passes/Passes.h"
#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/IR/Builders.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace runmat {
#define GEN_PASS_DEF_FUSELINALG
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
  DictionaryAttr entries = log.toAttr(m.getContext());
  return b.getDictionaryAttr({b.getNamedAttr("kernels_before", b.getI64IntegerAttr(before)),
                              b.getNamedAttr("kernels_after", b.getI64IntegerAttr(countKernels(m))),
                              b.getNamedAttr("fired", entries.get("fired")),
                              b.getNamedAttr("rejected", entries.get("rejected"))});
}

struct FuseLinalgPass : ::runmat::impl::FuseLinalgBase<FuseLinalgPass> {
  void runOnOperation() override {
    ModuleOp m = getOperation();
    ::runmat::patterns::FusionLog log;
    for (auto fn : m.getOps<func::FuncOp>()) {
      ::runmat::patterns::fuseCenteredGram(fn, log);
      ::runmat::patterns::fuseExplainedVariance(fn, log);
    }
    m->setAttr(::runmat::patterns::kLinalgLogAttr, log.toAttr(m.getContext()));
  }
};

constexpr const char *kFamilies[] = {"elementwise", "loops",    "reductions", "mean-variance",
                                     "siblings",    "power-step", "epilogue",  "hoist"};

struct FuseKernelsPass : ::runmat::impl::FuseKernelsBase<FuseKernelsPass> {
  using FuseKernelsBase::FuseKernelsBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    for (const std::string &f : families)
      if (!llvm::is_contained(kFamilies, llvm::StringRef(f)))
        return emitError(UnknownLoc::get(ctx)) << "runmat-fuse: unknown pattern family '" << f
                                               << "' (elementwise, loops, reductions, mean-variance, siblings, "
                                                  "power-step, epilogue, hoist)";
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
    // What runmat-fuse-linalg did before kernels formed comes first.
    auto log = ::runmat::patterns::FusionLog::fromAttr(m->getAttrOfType<DictionaryAttr>(::runmat::patterns::kLinalgLogAttr));
    m->removeAttr(::runmat::patterns::kLinalgLogAttr);
    auto on = [&](llvm::StringRef family) { return families.empty() || llvm::is_contained(families, family); };
    for (auto fn : m.getOps<func::FuncOp>()) {
      // Elementwise first, so loop bodies become single kernels; then the
      // fused loops join the kernels around them.
      if (on("elementwise")) ::runmat::patterns::fuseElementwise(fn, log);
      if (on("loops") && ::runmat::patterns::fuseLoops(fn, log, canonical_) && on("elementwise"))
        ::runmat::patterns::fuseElementwise(fn, log);
      // Reductions over more dimensions read their producers in their own
      // shape, which the elementwise family can then fuse.
      if (on("reductions") && ::runmat::patterns::fuseReductions(fn, log) && on("elementwise"))
        ::runmat::patterns::fuseElementwise(fn, log);
      if (on("mean-variance")) ::runmat::patterns::fuseMeanVariance(fn, log);
      // Siblings compare extents: fold the shape arithmetic fusion left first.
      (void)applyPatternsAndFoldGreedily(fn, canonical_);
      if (on("siblings")) ::runmat::patterns::fuseSiblingReductions(fn, log);
      if (on("power-step")) ::runmat::patterns::fusePowerSteps(fn, log);
      if (on("epilogue")) ::runmat::patterns::fuseEpilogues(fn, log);
      for (rm::KernelOp k : ::runmat::patterns::kernelsOf(fn)) ::runmat::patterns::sinkConstantScalars(k);
      if (on("hoist")) ::runmat::patterns::hoistIntoEpilogues(fn, log);
    }
    m->setAttr("runmat.fusion", report(m, before, log));
  }
};

} // namespace
