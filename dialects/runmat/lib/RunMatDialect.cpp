#include "runmat/Dialect/RunMat/RunMatDialect.h"
#include "runmat/Dialect/RunMat/RunMatAttrs.h"
#include "runmat/Dialect/RunMat/RunMatOps.h"

using namespace mlir;
using namespace mlir::runmat;

#include "runmat/Dialect/RunMat/RunMatOpsDialect.cpp.inc"

void RunMatDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "runmat/Dialect/RunMat/RunMatOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *RunMatDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type, Location loc) {
  // Folders of runmat ops produce index and scalar constants.
  if (auto typed = dyn_cast<TypedAttr>(value))
    if (arith::ConstantOp::isBuildableWith(typed, type))
      return builder.create<arith::ConstantOp>(loc, type, typed);
  return nullptr;
}
