// Where each launch runs: --device cpu and gpu decide it outright; auto asks
// the cost model, counting the transfers of operands not resident on the
// candidate device. Deciding starts nothing: when auto needs to know a GPU
// it has not seen (on this machine, ever), the decision says so and the
// caller starts the GPU and decides again (Offload.h). The decision's reason
// goes to --verbose and telemetry.
#pragma once

#include "Exec.h"

#include <string>

namespace runmat::rt {

struct Placement {
  bool gpu = false;
  bool startGpu = false; // decide again once the GPU is started
  std::string reason;
  double cpuSeconds = 0, gpuSeconds = 0; // estimates (0 when not estimated)
};

// A generated kernel over `space`; inputs first in `tensors`.
Placement placeKernel(runmat_exec *x, const KernelInfo &k, Tensor *const *tensors, const uint64_t *scalars,
                      const int64_t *space);
// A library operation (matmul, qr) of `flops` over `bytes`; `refusal` says
// why the GPU cannot do this one ("" when it can).
Placement placeLibrary(runmat_exec *x, const char *what, double flops, double bytes,
                       Tensor *const *inputs, int count, const std::string &refusal);

} // namespace runmat::rt
