#include "runmat/Passes/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
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

void buildCpuLoweringPipeline(mlir::OpPassManager &pm) {
  pm.addNestedPass<mlir::func::FuncOp>(createInsertOwnership());
  pm.addPass(createLowerHostToLLVM());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createConvertSCFToCFPass());
  pm.addPass(mlir::createConvertMathToLLVMPass()); // intrinsics the vectorizer knows
  pm.addPass(mlir::createConvertMathToLibmPass());  // the rest (tan, tanh) as libm calls
  pm.addPass(mlir::createArithToLLVMConversionPass());
  pm.addPass(mlir::createConvertControlFlowToLLVMPass());
  pm.addPass(mlir::createConvertFuncToLLVMPass());
  pm.addPass(mlir::createReconcileUnrealizedCastsPass());
}

void registerPipelines() {
  mlir::PassPipelineRegistration<PipelineOptions>(
      "runmat-kernel-form", "runmat dialect to kernel form (what runmatc --emit=fused prints)",
      [](mlir::OpPassManager &pm, const PipelineOptions &options) { buildKernelFormPipeline(pm, options); });
  mlir::PassPipelineRegistration<>("runmat-cpu-lowering",
                                   "outlined kernel form to the LLVM dialect (CPU kernels, calls of the shim)",
                                   [](mlir::OpPassManager &pm) { buildCpuLoweringPipeline(pm); });
}

} // namespace runmat
