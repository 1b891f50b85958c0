// Extents as expressions of an entry's parameters (n, 4*n*d, min(d,k)), for
// the manifest's costs and the shim's memory check before a run. Best
// effort: unknown where an extent depends on data or control flow. An
// analysis of the dialect: the kernel description and the manifest writer
// read it; the artifact compiles the trees of each entry's buffers into
// host code (contract/SizeExpr.h).
#pragma once

#include "runmat/contract/SizeExpr.h"

#include "mlir/IR/Value.h"

#include <string>

namespace runmat {

SizeExpr extentTree(mlir::Value index);
SizeExpr tensorExtentTree(mlir::Value tensor, int64_t dim);
// The trees' spellings, as the manifest prints them.
std::string extentExpression(mlir::Value index);
std::string tensorExtentExpression(mlir::Value tensor, int64_t dim);

} // namespace runmat
