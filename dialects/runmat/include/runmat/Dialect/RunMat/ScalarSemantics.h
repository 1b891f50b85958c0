// How each elementwise runmat op computes one element, in arith and math ops.
// One definition serves host scalar arithmetic and kernel bodies, so a value
// computed on the host and the same value computed in a kernel agree.
#pragma once

#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "mlir/IR/Builders.h"

namespace mlir::runmat {

// True for the ops emitElement handles (unary, binary, cmp, convert).
bool isElementwiseOp(Operation *op);

// The element computation of `op` on element values `operands` (already of
// the op's operand element types), giving `resultType`.
Value emitElement(OpBuilder &b, Location loc, Operation *op, ValueRange operands, Type resultType);

// MATLAB's conversion of one element to `to` (float, or i1 as x ~= 0).
Value emitConvert(OpBuilder &b, Location loc, Value v, Type to);

// One step of a reduction: acc (+|*|max|min) x, NaN ignored by max and min.
Value emitCombine(OpBuilder &b, Location loc, ReduceKind kind, Value acc, Value x, bool reassociate);

// The identity of a reduction in type t (NaN for max/min: they ignore it).
Value emitIdentity(OpBuilder &b, Location loc, ReduceKind kind, Type t);

// One element of a counter-based random draw (runtime_shim/lib/Philox.h),
// expanded into integer and float arithmetic.
Value emitRandomElement(OpBuilder &b, Location loc, Distribution dist, Value seed, Value stream, Value index,
                        Type resultType);

} // namespace mlir::runmat
