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

LogicalResult ParamSourceAttr::verify(function_ref<InFlightDiagnostic()> emitError, StringRef from, StringRef var,
                                      ArrayAttr transforms, bool, StringRef, StringRef query, StringRef) {
  if (var.empty()) return emitError() << "a parameter source names a variable";
  if (from == "given") return success();
  if (from != "env") return emitError() << "a parameter source is from env or given, not '" << from << "'";
  for (Attribute t : transforms) {
    auto name = ::mlir::dyn_cast<StringAttr>(t);
    if (!name || !::runmat::isEnvTextTransform(name.str()))
      return emitError() << "the text functions of environment text are lower, upper and strtrim";
  }
  if (query != "length" && query != "number" && query != "equals")
    return emitError() << "the query of environment text is length, number or equals, not '" << query << "'";
  return success();
}

::runmat::ParamSource ParamSourceAttr::toContract() const {
  ::runmat::ParamSource s;
  if (getFrom() == "given") {
    s.kind = ::runmat::ParamSourceKind::Given;
    s.var = getVar().str();
    return s;
  }
  s.kind = ::runmat::ParamSourceKind::Env;
  s.text.var = getVar().str();
  for (Attribute t : getTransforms()) s.text.transforms.push_back(::mlir::cast<StringAttr>(t).str());
  s.text.hasFallback = getHasFallback();
  s.text.fallback = getFallback().str();
  s.query = getQuery().str();
  s.literal = getLiteral().str();
  return s;
}

ParamSourceAttr ParamSourceAttr::fromContract(MLIRContext *context, const ::runmat::ParamSource &s) {
  Builder b(context);
  if (s.kind == ::runmat::ParamSourceKind::Given)
    return ParamSourceAttr::get(context, "given", s.var, b.getArrayAttr({}), false, "", "", "");
  SmallVector<Attribute> transforms;
  for (const std::string &t : s.text.transforms) transforms.push_back(b.getStringAttr(t));
  return ParamSourceAttr::get(context, "env", s.text.var, b.getArrayAttr(transforms), s.text.hasFallback,
                              s.text.fallback, s.query, s.literal);
}
