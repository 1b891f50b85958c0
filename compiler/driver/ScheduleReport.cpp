#include "ScheduleReport.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"

namespace runmat::driver {

std::string scheduleReport(mlir::ModuleOp module) {
  std::string out = "schedules (runmat-autotune):\n";
  module.walk([&](mlir::runmat::KernelOp k) {
    out += "  kernel " + (k.getKernelId() ? std::to_string(*k.getKernelId()) : std::string("?")) + " " +
           k.getLabel().value_or("").str() + " [" + k.getFingerprint() + "]\n";
    if (auto schedules = k.getSchedulesAttr())
      for (mlir::Attribute a : schedules) {
        ::runmat::KernelSchedule s = mlir::cast<mlir::runmat::ScheduleAttr>(a).toContract();
        out += "    " + s.describe() + (s.device.empty() ? "" : " on " + s.device) + "\n";
      }
  });
  return out;
}

} // namespace runmat::driver
