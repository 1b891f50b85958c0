#include "runmat/Passes/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace runmat {

void buildKernelFormPipeline(mlir::OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  if (options.fusion) {
    pm.addPass(createFuseLinalg());
    pm.addPass(mlir::createCanonicalizerPass());
  }
  pm.addNestedPass<mlir::func::FuncOp>(createLowerHostScalars());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addNestedPass<mlir::func::FuncOp>(createFormKernels());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  if (options.fusion) {
    pm.addPass(createFuseKernels());
    pm.addPass(mlir::createCanonicalizerPass());
    pm.addPass(mlir::createCSEPass());
  }
  pm.addPass(createNumberKernels());
  AutotuneOptions tune;
  tune.tuningDbs = options.tuningDbs;
  pm.addPass(createAutotune(tune));
}

void registerPipelines() {
  mlir::PassPipelineRegistration<PipelineOptions>(
      "runmat-kernel-form", "runmat dialect to kernel form (what runmatc --emit=fused prints)",
      [](mlir::OpPassManager &pm, const PipelineOptions &options) { buildKernelFormPipeline(pm, options); });
}

} // namespace runmat
