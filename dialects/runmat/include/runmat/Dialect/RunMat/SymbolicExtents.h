// Extents as expressions of an entry's parameters ("n", "4*n*d", "min(d,k)"),
// for the manifest's costs and the shim's memory check before a run. Best
// effort: "?" where an extent depends on data or control flow. An analysis
// of the dialect: the CPU outlining and the manifest writer both read it.
#pragma once

#include "mlir/IR/Value.h"

#include <string>

namespace runmat {

std::string extentExpression(mlir::Value index);
std::string tensorExtentExpression(mlir::Value tensor, int64_t dim);
// True if the expression names only parameters, numbers and operators.
bool isParametric(const std::string &expr);

} // namespace runmat
