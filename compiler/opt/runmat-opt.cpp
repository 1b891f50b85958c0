// runmat-opt: mlir-opt for the runmat dialect and runmatc's passes (the
// target-independent ones and the CPU code generator's). Lit tests
// drive the dialect's parser, printer and verifiers and every pass with it.
#include "runmat/Dialect/RunMat/RunMatDialect.h"
#include "runmat/Passes/Passes.h"
#include "runmat/codegen/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses(); // canonicalize, cse, symbol-dce, ...
  runmat::registerRunMatPasses();
  runmat::codegen::cpu::registerRunMatCpuPasses();
  runmat::registerPipelines();
  // The CPU back end's pipeline, after the target-independent ownership pass
  // (what runmatc runs once kernels are outlined and the manifest is written).
  mlir::PassPipelineRegistration<>("runmat-cpu-lowering",
                                   "outlined kernel form to the LLVM dialect (CPU kernels, calls of the shim)",
                                   [](mlir::OpPassManager &pm) {
                                     pm.addNestedPass<mlir::func::FuncOp>(runmat::createInsertOwnership());
                                     runmat::codegen::cpu::buildCpuLoweringPipeline(pm);
                                   });
  mlir::DialectRegistry registry;
  registry.insert<mlir::runmat::RunMatDialect, mlir::func::FuncDialect, mlir::arith::ArithDialect,
                  mlir::math::MathDialect, mlir::scf::SCFDialect, mlir::tensor::TensorDialect,
                  mlir::LLVM::LLVMDialect, mlir::cf::ControlFlowDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "runmat-opt: the runmat dialect and runmatc passes\n", registry));
}
