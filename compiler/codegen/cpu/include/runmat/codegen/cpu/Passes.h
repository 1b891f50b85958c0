// The CPU code generator's passes (declared in Passes.td) and its pipeline.
#pragma once

#include "runmat/Dialect/RunMat/RunMatDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace runmat::codegen::cpu {

#define GEN_PASS_DECL
#include "runmat/codegen/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "runmat/codegen/cpu/Passes.h.inc"

// Outlined kernel form with ownership inserted (runmat-insert-ownership,
// a target-independent pass) -> LLVM dialect ready for translation: CPU
// kernels, host calls of the shim. runmat-opt registers it, after the
// ownership pass, as runmat-cpu-lowering.
void buildCpuLoweringPipeline(mlir::OpPassManager &pm);

} // namespace runmat::codegen::cpu
