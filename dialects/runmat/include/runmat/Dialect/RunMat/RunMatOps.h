// Operations of the runmat dialect, and the implicit-expansion rules their
// verifiers and the importer share.
#pragma once

#include "runmat/Dialect/RunMat/RunMatAttrs.h"
#include "runmat/Dialect/RunMat/RunMatDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/SCF/IR/SCF.h" // kernel bodies hold scf.for (KernelOp::getTimeLoop)
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "runmat/Dialect/RunMat/RunMatOpsEnums.h.inc"

#include <string>

namespace mlir::runmat {

// The result type of an elementwise op over `operands` (tensors or host
// scalars) with implicit expansion and element type `elementType`: a host
// scalar when no operand is a tensor, otherwise the expanded shape with
// trailing extents of 1 beyond the second dropped. Returns null and sets
// `reason` when static extents conflict.
Type inferElementwiseType(ArrayRef<Type> operands, Type elementType, std::string *reason = nullptr);

// True when two extents could be equal at run time (either is dynamic, or
// both are the same constant).
inline bool extentsCompatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

// MATLAB drops trailing extents of 1 beyond the second.
SmallVector<int64_t> canonicalShape(ArrayRef<int64_t> shape);

LogicalResult verifyImplicitExpansion(Operation *op);

template <typename ConcreteType>
class ImplicitExpansion : public OpTrait::TraitBase<ConcreteType, ImplicitExpansion> {
public:
  static LogicalResult verifyTrait(Operation *op) { return verifyImplicitExpansion(op); }
};

} // namespace mlir::runmat

#define GET_OP_CLASSES
#include "runmat/Dialect/RunMat/RunMatOps.h.inc"
