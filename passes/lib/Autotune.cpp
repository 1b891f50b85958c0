// runmat-autotune: each kernel's GPU schedules (Passes.td), decided once
// here and read by the manifest and the shim's launch.
#include "runmat/Passes/Passes.h"
#include "runmat/Dialect/RunMat/RunMatAttrs.h"
#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "runmat/contract/TuningDb.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace runmat {
#define GEN_PASS_DEF_AUTOTUNE
#include "runmat/Passes/Passes.h.inc"
} // namespace runmat

using namespace mlir;
namespace rm = mlir::runmat;

namespace {

struct AutotunePass : ::runmat::impl::AutotuneBase<AutotunePass> {
  using AutotuneBase::AutotuneBase;

  void runOnOperation() override {
    std::vector<::runmat::TuningDb> dbs;
    for (const std::string &path : tuningDbs) {
      std::ifstream in(path);
      if (!in) {
        getOperation().emitError() << "runmat-autotune: cannot read the tuning database " << path;
        return signalPassFailure();
      }
      std::stringstream text;
      text << in.rdbuf();
      try {
        dbs.push_back(::runmat::readTuningDb(text.str()));
      } catch (const std::runtime_error &e) {
        getOperation().emitError() << "runmat-autotune: " << path << ": " << e.what();
        return signalPassFailure();
      }
    }
    const int64_t forcedWorkgroup = workgroupSize;
    if (forcedWorkgroup != 0) {
      ::runmat::KernelSchedule probe;
      probe.workgroupSize = forcedWorkgroup;
      if (std::string why = ::runmat::scheduleProblem(probe); !why.empty()) {
        getOperation().emitError() << "runmat-autotune: workgroup-size: " << why;
        return signalPassFailure();
      }
    }
    MLIRContext *context = &getContext();
    getOperation().walk([&](rm::KernelOp k) {
      ::runmat::schedule::KernelFacts facts;
      facts.reduction = k.isReduction();
      SmallVector<int64_t> loopScalars;
      facts.opsPerPoint = k.getOpsPerPoint(&loopScalars);
      facts.timeLoop = !loopScalars.empty();
      ::runmat::KernelSchedule model = ::runmat::schedule::modelSchedule(facts);
      if (forcedWorkgroup != 0) model.workgroupSize = forcedWorkgroup;
      SmallVector<Attribute> schedules{rm::ScheduleAttr::fromContract(context, model)};
      const std::string fingerprint = k.getFingerprint();
      if (printFingerprints) k.emitRemark() << "kernel " << k.getKernelId().value_or(0) << " fingerprint " << fingerprint;
      for (const ::runmat::TuningDb &db : dbs)
        for (const ::runmat::TunedKernel *t : db.find(fingerprint)) {
          schedules.push_back(rm::ScheduleAttr::fromContract(context, t->schedule));
          ++numTuned;
        }
      k.setSchedulesAttr(ArrayAttr::get(context, schedules));
    });
  }
};

} // namespace
