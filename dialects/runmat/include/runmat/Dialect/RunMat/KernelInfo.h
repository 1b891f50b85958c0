// The kernel-info analysis: each `runmat.kernel` of a module described once,
// as the contract's typed record (runmat::KernelInfo), from the kernel form
// before any back end runs: dtypes and maps, reduced dimensions and
// combiners, extents and costs as expressions of the parameters, the cost
// model's work by kind, groups, covers, fingerprint and schedules.
//
// The back ends add only their own facts, by kernel id: the GPU writer its
// modules and device features, the CPU outlining its scratch slots
// (`runmat.launch`'s group_slots). No stage looks kernels up by position.
#pragma once

#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "runmat/contract/Manifest.h"

#include "mlir/IR/BuiltinOps.h"

#include <vector>

namespace mlir::runmat {

// The RUNMAT_DTYPE_* code of a tensor element type (f64, f32, i1).
int dtypeCodeOf(Type element);

// One kernel's record (its kernel_id must be set: runmat-number-kernels).
::runmat::KernelInfo describeKernel(KernelOp kernel);

// Every kernel of a module, in id order; usable as an MLIR analysis
// (getAnalysis<KernelInfoAnalysis>()). `failed()` when a kernel has no id or
// ids are not 0..n-1, with the problem in `problem()`.
class KernelInfoAnalysis {
public:
  explicit KernelInfoAnalysis(Operation *module);
  bool failed() const { return !problem_.empty(); }
  const std::string &problem() const { return problem_; }
  const std::vector<::runmat::KernelInfo> &kernels() const { return kernels_; }

private:
  std::vector<::runmat::KernelInfo> kernels_;
  std::string problem_;
};

} // namespace mlir::runmat
