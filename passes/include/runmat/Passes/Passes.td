//===- Passes.td - runmatc's target-independent passes ----*- tablegen -*-===//
//
// The CPU code generator's passes are declared beside it
// (compiler/codegen/cpu/include/runmat/codegen/cpu/Passes.td).

#ifndef RUNMAT_PASSES_TD
#define RUNMAT_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerHostScalars : Pass<"runmat-lower-host-scalars", "mlir::func::FuncOp"> {
  let summary = "host scalar arithmetic in runmat ops becomes arith and math";
  let description = [{
    runmat elementwise ops whose operands are all host scalars (sizes, loop
    bounds, `n - 1`, constants folded late) are rewritten into `arith` and
    `math` ops with the element semantics of ScalarSemantics.h. A single
    random draw on the host (`runmat.random` outside a kernel, from
    `rand()`) becomes the same Philox arithmetic the kernels use, so a
    scalar loop that draws launches nothing.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect"];
}

def FormKernels : Pass<"runmat-form-kernels", "mlir::func::FuncOp"> {
  let summary = "tensor ops become kernels: iteration spaces with scalar bodies";
  let description = [{
    Each elementwise op, reduction, and creation op (fill, rand, colon,
    linspace, diag_matrix) with a tensor result becomes one `runmat.kernel`
    whose body computes one element. Their iteration extents are computed on
    the host, with run-time checks of implicit expansion where extents are
    dynamic. Library ops (matmul, qr_econ), views (transpose, reshape, slice,
    diag_extract) and effects stay as they are. Fusion (later) merges kernels.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect", "mlir::tensor::TensorDialect",
                           "mlir::runmat::RunMatDialect"];
}

def FuseLinalg : Pass<"runmat-fuse-linalg", "mlir::ModuleOp"> {
  let summary = "the fusion planner's linear-algebra patterns, on runmat ops before kernels form";
  let description = [{
    Rewrites products whose structure the kernels would lose: the centered
    Gram matrix `(A - mean(A, 1)).' * (A - mean(A, 1)) / s` becomes one
    `runmat.centered_gram` (the centered matrix never stored), and
    `diag(X * Y)` becomes column dot products `sum(X.' .* Y, 1).'` (PCA's
    explained variance computes only the k diagonal entries). Leaves its log
    in the module attribute `runmat.fusion_linalg`, which runmat-fuse takes
    into its report.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::runmat::RunMatDialect"];
}

def FuseKernels : Pass<"runmat-fuse", "mlir::ModuleOp"> {
  let summary = "the fusion planner: specialised patterns, then generic fusion";
  let description = [{
    Applies the pattern families of patterns/ to every function: specialised
    ones first, then generic elementwise and map-reduce fusion. Records
    what it did in the module attribute `runmat.fusion` (kernels before and
    after, each pattern that fired with the source ops it covers, each
    candidate rejected with the reason), which `runmatc --report` prints and
    the manifest carries. `families` runs only the families named, in
    their usual order (for tests of one family on its own).
  }];
  let options = [
    ListOption<"families", "families", "std::string",
               "pattern families to run (default: all): elementwise, loops, reductions, mean-variance, siblings, "
               "power-step, epilogue, hoist">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect", "mlir::scf::SCFDialect",
                           "mlir::runmat::RunMatDialect"];
}

def NumberKernels : Pass<"runmat-number-kernels", "mlir::ModuleOp"> {
  let summary = "every kernel gets its stable number in the artifact";
  let description = [{
    Gives each `runmat.kernel` without one a `kernel_id`, after the highest
    already given, in walk order. From here on every stage names a kernel by
    its id (the GLSL writer, the CPU outlining, the manifest), so none
    depends on the order in which another walked the module. Fails on two
    kernels with one id.
  }];
}

def Autotune : Pass<"runmat-autotune", "mlir::ModuleOp"> {
  let summary = "choose each kernel's GPU schedule: from a tuning database, else from the device model";
  let description = [{
    Writes `schedules` on every `runmat.kernel`: first the model's schedule
    (KernelSchedule.h's modelSchedule: workgroup size, workgroups per
    compute unit, flat workgroups per unit, reduction form), then every
    entry of the tuning databases (`tuning-db`) whose fingerprint is the
    kernel's (KernelOp::getFingerprint), each for its device and size
    bucket. The manifest carries them; the shim launches with the one that
    matches its device and the run's size, else the model's. A database of
    another version or not readable fails the pass with the reason.
  }];
  let options = [
    ListOption<"tuningDbs", "tuning-db", "std::string",
               "tuning databases (runmatc tune) whose schedules the kernels take">,
    Option<"workgroupSize", "workgroup-size", "int64_t", /*default=*/"0",
           "invocations per workgroup of every model schedule (0: the model's choice)">,
    Option<"printFingerprints", "print-fingerprints", "bool", /*default=*/"false",
           "emit a remark with each kernel's id and fingerprint (the tuning database's key)">,
  ];
  let statistics = [
    Statistic<"numTuned", "tuned", "tuned schedules taken from the database">,
  ];
}

def InsertOwnership : Pass<"runmat-insert-ownership", "mlir::func::FuncOp"> {
  let summary = "retain and release tensor buffers so each is freed after its last use";
  let dependentDialects = ["mlir::runmat::RunMatDialect", "mlir::scf::SCFDialect"];
  let description = [{
    Every tensor value owns one reference: released after its last use in its
    block, moved into scf.yield / scf.condition / return / loop inits / the
    source of a runmat.update or runmat.put (which then writes in place) when that is its
    last use, and retained before any other transfer (a value
    from an outer block yielded inside a loop, the same value passed twice).
    A select between two tensors becomes an scf.if that yields them first, so
    the value it hands out has a reference of its own.
  }];
}

#endif // RUNMAT_PASSES_TD
