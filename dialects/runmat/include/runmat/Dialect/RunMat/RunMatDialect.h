// The runmat dialect (see RunMatBase.td for what it holds and why).
#pragma once

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "runmat/Dialect/RunMat/RunMatOpsDialect.h.inc"
