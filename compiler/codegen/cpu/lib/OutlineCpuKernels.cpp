// runmat-outline-cpu-kernels: kernel bodies become CPU box functions
// (CpuKernelEmitter.h); kernels become launches.
#include "CpuKernelEmitter.h"

#include "runmat/codegen/cpu/Passes.h"

#include <set>

namespace runmat::codegen::cpu {
#define GEN_PASS_DEF_OUTLINECPUKERNELS
#include "runmat/codegen/cpu/Passes.h.inc"

namespace {

struct OutlineCpuKernelsPass : impl::OutlineCpuKernelsBase<OutlineCpuKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<rm::KernelOp> kernels;
    module.walk([&](rm::KernelOp k) { kernels.push_back(k); });
    // Ids of launches outlined by an earlier run of the pass are taken too.
    std::set<int64_t> taken;
    module.walk([&](rm::LaunchOp l) { taken.insert((int64_t)l.getKernel()); });
    for (rm::KernelOp k : kernels) {
      if (!k.getKernelId()) {
        k.emitOpError("has no kernel_id: run runmat-number-kernels first");
        return signalPassFailure();
      }
      const int64_t id = (int64_t)*k.getKernelId();
      if (!taken.insert(id).second) {
        k.emitOpError() << "has kernel_id " << id << ", which another kernel has";
        return signalPassFailure();
      }
      KernelEmitter emitter(module, k, id);
      if (failed(emitter.emit())) return signalPassFailure();
      OpBuilder b(k);
      auto launch = b.create<rm::LaunchOp>(k.getLoc(), k.getResultTypes(), b.getI64IntegerAttr(id), k.getSpace(),
                                           k.getInputs(), k.getScalars(), k.getReduceDimsAttr(),
                                           k.getGroupDims().empty() ? IntegerAttr()
                                                                    : b.getI64IntegerAttr(emitter.groupSlots()));
      if (auto label = k.getLabel()) launch->setAttr("label", b.getStringAttr(*label));
      k.replaceAllUsesWith(launch.getResults());
      k.erase();
    }
  }
};

} // namespace
} // namespace runmat::codegen::cpu
