// MATLAB's implicit expansion as the verifier of elementwise ops sees it.
#include "runmat/Dialect/RunMat/RunMatOps.h"

#include <algorithm>

using namespace mlir;

namespace mlir::runmat {

SmallVector<int64_t> canonicalShape(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.begin(), shape.end());
  while (s.size() > 2 && s.back() == 1)
    s.pop_back();
  return s;
}

Type inferElementwiseType(ArrayRef<Type> operands, Type elementType, std::string *reason) {
  size_t rank = 0;
  bool anyTensor = false;
  for (Type t : operands)
    if (auto rt = dyn_cast<RankedTensorType>(t)) {
      anyTensor = true;
      rank = std::max<size_t>(rank, rt.getRank());
    }
  if (!anyTensor)
    return elementType;
  SmallVector<int64_t> shape(rank, 1);
  for (size_t d = 0; d < rank; ++d) {
    for (Type t : operands) {
      auto rt = dyn_cast<RankedTensorType>(t);
      if (!rt)
        continue;
      int64_t e = d < (size_t)rt.getRank() ? rt.getDimSize(d) : 1;
      int64_t &r = shape[d];
      if (e == 1)
        continue;
      if (r == 1 || ShapedType::isDynamic(r)) {
        // A dynamic extent is 1 or equal to the other at run time, so a static
        // one determines the result.
        r = e;
        continue;
      }
      if (ShapedType::isDynamic(e) || e == r)
        continue;
      if (reason)
        *reason = "dimension " + std::to_string(d + 1) + " has extents " + std::to_string(r) + " and " +
                  std::to_string(e) + ", which do not expand to each other";
      return {};
    }
  }
  return RankedTensorType::get(canonicalShape(shape), elementType);
}

static Type elementOf(Type t) {
  if (auto rt = dyn_cast<RankedTensorType>(t))
    return rt.getElementType();
  return t;
}

LogicalResult verifyImplicitExpansion(Operation *op) {
  if (op->getNumResults() != 1)
    return op->emitOpError("expects one result");
  Type resultType = op->getResult(0).getType();
  Type operandElem = elementOf(op->getOperand(0).getType());
  for (Value v : op->getOperands())
    if (elementOf(v.getType()) != operandElem)
      return op->emitOpError("operands must share one element type (the importer converts mixed "
                             "single/double/logical operands explicitly), got ")
             << op->getOperandTypes();
  bool isCompare = isa<CmpOp>(op);
  bool isLogical = isa<AndOp, OrOp, NotOp>(op);
  Type resultElem = elementOf(resultType);
  if (isCompare) {
    if (!resultElem.isInteger(1))
      return op->emitOpError("result must be logical (i1)");
  } else if (isLogical) {
    if (!operandElem.isInteger(1))
      return op->emitOpError("operands must be logical (i1); convert numbers with runmat.convert");
    if (!resultElem.isInteger(1))
      return op->emitOpError("result must be logical (i1)");
  } else {
    if (!isa<FloatType>(operandElem))
      return op->emitOpError("operands must be single or double; convert logical values first");
    if (resultElem != operandElem)
      return op->emitOpError("result element type must match the operands'");
  }
  std::string reason;
  Type expected = inferElementwiseType(llvm::to_vector(op->getOperandTypes()), resultElem, &reason);
  if (!expected)
    return op->emitOpError("operand shapes are not compatible for implicit expansion: ") << reason;
  auto expectedTensor = dyn_cast<RankedTensorType>(expected);
  auto resultTensor = dyn_cast<RankedTensorType>(resultType);
  if (!expectedTensor || !resultTensor) {
    if (expected != resultType)
      return op->emitOpError("result type ") << resultType << " does not match the expanded type " << expected;
    return success();
  }
  if (expectedTensor.getRank() != resultTensor.getRank())
    return op->emitOpError("result type ") << resultType << " does not match the expanded type " << expected;
  for (int64_t d = 0; d < resultTensor.getRank(); ++d)
    if (!extentsCompatible(expectedTensor.getDimSize(d), resultTensor.getDimSize(d)))
      return op->emitOpError("result type ") << resultType << " does not match the expanded type " << expected;
  return success();
}

} // namespace mlir::runmat
