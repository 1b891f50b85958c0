// The one path by which an operation runs where it was placed: decide (the
// policy, or auto's cost model), start the GPU when the decision needs it,
// try the chosen device, fall back to the CPU when the GPU refuses (a run
// under --device gpu stops instead), and record the call in the telemetry.
#pragma once

#include "Backend.h"
#include "FunctionRef.h"
#include "Placement.h"

#include <string>

namespace runmat::rt {

// The session's GPU for this run, started if need be (timed, in the
// telemetry); null when there is none.
GpuBackend *startGpu(runmat_exec *x);

struct OffloadCall {
  const char *what;            // for messages: "kernel", "the matrix product"
  const std::string *name;     // ... followed by this name, when given
  int kernel = -1;             // the telemetry's record: a kernel id, or
  const char *library = "";    // a library operation's name
  double bytes = 0;            // bytes its operands and results occupy
  int site = -1;               // LaterTransfers' name for it
};

// Runs `op` (which returns false with a refusal when its device cannot do
// it) on the device `decide` picks; returns the backend it ran on.
Backend &offload(runmat_exec *x, const OffloadCall &call, FunctionRef<Placement()> decide,
                 FunctionRef<bool(Backend &, std::string &)> op);

} // namespace runmat::rt
