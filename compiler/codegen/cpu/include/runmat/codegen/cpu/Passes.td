//===- Passes.td - the CPU code generator's passes ---------*- tablegen -*-===//

#ifndef RUNMAT_CPU_CODEGEN_PASSES_TD
#define RUNMAT_CPU_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def OutlineCpuKernels : Pass<"runmat-outline-cpu-kernels", "mlir::ModuleOp"> {
  let summary = "kernel bodies become CPU box functions; kernels become launches";
  let description = [{
    Each `runmat.kernel` (numbered by runmat-number-kernels) gets a function
    `runmat_kernel_<id>` that runs its body over a box of the iteration space
    (runmat_abi.h's runmat_box_fn), innermost dimension first; reductions
    accumulate in double and get a `runmat_kernel_<id>_finish` function. The
    kernel op is replaced by `runmat.launch` with the same id; a column-local
    kernel's launch carries its CPU scratch slots (`group_slots`). What the
    manifest records of a kernel is the kernel-info analysis's, taken before
    this pass (runmat/Dialect/RunMat/KernelInfo.h).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect", "mlir::scf::SCFDialect",
                           "mlir::LLVM::LLVMDialect", "mlir::func::FuncDialect", "mlir::runmat::RunMatDialect"];
}

def LowerHostToLLVM : Pass<"runmat-lower-host", "mlir::ModuleOp"> {
  let summary = "host programs call the runtime shim; tensors become handles";
  let description = [{
    Entries get the runmat_entry_fn signature (exec, params, inputs,
    outputs), as `runmat_entry_<name>`; tensors become opaque pointers to the
    shim's tensors; host ops (launch, views, library calls, checks, prints)
    become calls of the runmat_rt1_* functions; text they need goes into the
    module attribute `runmat.strings`. Leaves scf/arith/math/func for the
    standard lowering.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect", "mlir::arith::ArithDialect", "mlir::scf::SCFDialect",
                           "mlir::func::FuncDialect", "mlir::cf::ControlFlowDialect"];
}

#endif // RUNMAT_CPU_CODEGEN_PASSES_TD
