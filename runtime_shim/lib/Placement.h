// Where each launch runs: --device cpu and gpu decide it outright; auto
// compares the two devices' estimates from their calibrations (cost/),
// counting the transfers of operands not resident on each side, and weighs
// the cost of starting the GPU against what it saves: a run starts the GPU
// when the saving pays for the start within that run, and a session whose
// last run would have saved more than 0.1 ms starts it in its next run (a VM
// runs an artifact again and again). Deciding starts
// nothing: when auto needs to know a GPU it has never seen (on this
// machine, ever), the decision says so and the caller starts the GPU and
// decides again (Offload.h). Each decision has a reason code and text,
// for --verbose and the telemetry.
#pragma once

#include "CostModel.h"
#include "Exec.h"

#include <string>

namespace runmat::rt {

struct Placement {
  bool gpu = false;
  bool startGpu = false; // decide again once the GPU is started
  // forced (the policy), estimate, residency (transfers decided it),
  // small-work (the GPU would not pay for its start), guard (too small for
  // a GPU launch), no-gpu, cannot-run, fallback (the GPU refused it).
  const char *code = "forced";
  std::string reason;
  double cpuSeconds = 0, gpuSeconds = 0; // estimates (0 when not estimated)
  // The cost model's CPU time of the operation alone, before what the
  // session saw (CpuObserved.h); 0 when it needs transfers or was not estimated.
  double cpuModelSeconds = 0;
};

// A generated kernel over `space`; inputs first in `tensors`.
Placement placeKernel(runmat_exec *x, const KernelInfo &k, Tensor *const *tensors, const uint64_t *scalars,
                      const int64_t *space);
// A library operation of `flops` over `bytes` at `site` (LaterTransfers.h);
// `refusal` says why the GPU cannot do this one ("" when it can).
Placement placeLibrary(runmat_exec *x, int site, const char *what, LibraryKind kind, double flops, double bytes,
                       Tensor *const *inputs, int count, const std::string &refusal);

} // namespace runmat::rt
