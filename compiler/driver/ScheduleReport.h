// runmatc compile --report: each kernel's GPU schedules and where they came
// from (runmat-autotune), in words.
#pragma once

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace runmat::driver {

std::string scheduleReport(mlir::ModuleOp module);

} // namespace runmat::driver
