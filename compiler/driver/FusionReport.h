// runmatc compile --report: what the fusion planner did, in words.
#pragma once

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace runmat::driver {

// Kernels before and after fusion, each pattern that fired with the source
// ops it covers, and each candidate rejected with the reason; from the
// module attribute runmat-fuse records.
std::string fusionReport(mlir::ModuleOp module, const std::string &input);

} // namespace runmat::driver
