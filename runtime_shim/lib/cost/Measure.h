// Measuring a device's rates: small programs compiled by runmatc when the
// shim is built (runtime_shim/calibration/*.m, next to the shim as
// calibration/*.rmx, or in RUNMAT_CALIBRATION_KERNELS) run through the C
// API on that device, so that what is measured is the code runmatc
// generates; each program's size grows until its kernel runs long enough
// to time, within a budget. The GPU's transfers and start are measured
// directly (gpu/TransferProbe.cpp, GpuDevice).
#pragma once

#include "Calibration.h"

#include <functional>
#include <string>

namespace runmat::rt {

class GpuDevice;

// Progress lines for standard error ("" when quiet).
using Progress = std::function<void(const std::string &)>;

// Fills c.rates from measurements on `device` ("cpu" or "gpu"), within
// `budgetSeconds`; what could not be measured keeps its default and is
// said in c.note. `gpu` is the device when measuring the GPU; the CPU is
// measured at `cpuThreads` threads.
void measureRates(Calibration &c, const std::string &device, GpuDevice *gpu, unsigned cpuThreads,
                  double budgetSeconds, const Progress &progress);

// Where the calibration programs are ("" when none are found).
std::string calibrationKernelsFolder();

} // namespace runmat::rt
