// runmatc's target-independent passes (declared in Passes.td) and the
// kernel-form pipeline built from them; the CPU code generator's are in
// runmat/codegen/cpu/Passes.h.
#pragma once

#include "runmat/Dialect/RunMat/RunMatDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace runmat {

#define GEN_PASS_DECL
#include "runmat/Passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "runmat/Passes/Passes.h.inc"

// The pipelines runmatc runs (Pipelines.cpp); runmat-opt registers them
// too, with the same options (`--runmat-kernel-form='fusion=false'`).
struct PipelineOptions : public mlir::PassPipelineOptions<PipelineOptions> {
  Option<bool> fusion{*this, "fusion",
                      llvm::cl::desc("run the fusion planner (runmat-fuse-linalg, runmat-fuse); off: one kernel per "
                                     "operation, as runmatc compile --fusion=off"),
                      llvm::cl::init(true)};
  ListOption<std::string> tuningDbs{*this, "tuning-db",
                                    llvm::cl::desc("tuning databases (runmatc tune) runmat-autotune takes schedules from")};
};
// runmat dialect -> kernel form (what --emit=fused prints): fused,
// numbered and scheduled kernels.
void buildKernelFormPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
void registerPipelines();

} // namespace runmat
