// Attributes of the runmat dialect (RunMatAttrs.td): a kernel's GPU
// schedule, written by runmat-autotune and read by the manifest; where a
// parameter the shim sets gets its value (written by the importer).
#pragma once

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "runmat/contract/KernelSchedule.h"
#include "runmat/contract/ParamSource.h"

#define GET_ATTRDEF_CLASSES
#include "runmat/Dialect/RunMat/RunMatAttrs.h.inc"
