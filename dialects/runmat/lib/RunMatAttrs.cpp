#include "runmat/Dialect/RunMat/RunMatAttrs.h"
#include "runmat/Dialect/RunMat/RunMatDialect.h"

#include "llvm/ADT/TypeSwitch.h"

#include <stdexcept>

using namespace mlir;
using namespace mlir::runmat;

#define GET_ATTRDEF_CLASSES
#include "runmat/Dialect/RunMat/RunMatAttrs.cpp.inc"

void RunMatDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "runmat/Dialect/RunMat/RunMatAttrs.cpp.inc"
      >();
}

// The bounds the contract's validator holds the manifest to, checked where
// the attribute is made.
LogicalResult ScheduleAttr::verify(function_ref<InFlightDiagnostic()> emitError, int64_t workgroupSize,
                                   int64_t groupsPerUnit, int64_t flatGroupsPerUnit, StringRef form,
                                   StringRef source, int64_t bucket, StringRef device) {
  try {
    ::runmat::KernelSchedule s;
    s.workgroupSize = workgroupSize;
    s.groupsPerUnit = groupsPerUnit;
    s.flatGroupsPerUnit = flatGroupsPerUnit;
    s.form = ::runmat::reductionFormFromName(form.str());
    s.source = ::runmat::scheduleSourceFromName(source.str());
    s.bucket = (int)bucket;
    s.device = device.str();
    if (std::string why = ::runmat::scheduleProblem(s); !why.empty()) return emitError() << why;
  } catch (const std::runtime_error &e) {
    return emitError() << e.what();
  }
  return success();
}

::runmat::KernelSchedule ScheduleAttr::toContract() const {
  ::runmat::KernelSchedule s;
  s.workgroupSize = getWorkgroupSize();
  s.groupsPerUnit = getGroupsPerUnit();
  s.flatGroupsPerUnit = getFlatGroupsPerUnit();
  s.form = ::runmat::reductionFormFromName(getForm().str()); // verified
  s.source = ::runmat::scheduleSourceFromName(getSource().str());
  s.bucket = (int)getBucket();
  s.device = getDevice().str();
  return s;
}

ScheduleAttr ScheduleAttr::fromContract(MLIRContext *context, const ::runmat::KernelSchedule &s) {
  return ScheduleAttr::get(context, s.workgroupSize, s.groupsPerUnit, s.flatGroupsPerUnit,
                           ::runmat::reductionFormName(s.form), ::runmat::scheduleSourceName(s.source), s.bucket,
                           s.device);
}
