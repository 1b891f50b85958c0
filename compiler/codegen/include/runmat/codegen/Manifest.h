// The manifest an artifact carries (YAML; docs/artifact.md): entries with
// their parameters and ports, kernels with their iteration spaces, dtypes,
// maps and costs. Written from the module after kernels are outlined (the
// runmat.kernels attribute) and before the host is lowered.
#pragma once

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace runmat::codegen {

std::string buildManifest(mlir::ModuleOp module, const std::string &compilerVersion);

} // namespace runmat::codegen
