// A kernel's record for the manifest, as runmat-outline-cpu-kernels keeps it
// in the module attribute runmat.kernels: dtypes and maps, reduced
// dimensions and combiners, extents as expressions of the parameters, the
// cost model's work by kind, groups, covers, fingerprint and schedules.
#pragma once

#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace runmat {

// `groupSlots`: the CPU scratch slots per row of a column-local kernel.
mlir::DictionaryAttr describeKernel(mlir::runmat::KernelOp k, int64_t id, int64_t groupSlots);

} // namespace runmat
