// The calibration of each device this process uses, looked up once: a
// forced file (RUNMAT_CALIBRATION_FILE_CPU / _GPU, for tests and for
// machines calibrated elsewhere), else the device's file in the cache
// folder, else measured there and then (when asked to) and written to it,
// else the defaults; RUNMAT_CALIBRATION=off always gives the defaults.
// Overrides from the environment apply last.
#pragma once

#include "Measure.h"

namespace runmat::rt {

class GpuDevice;

const Calibration &cpuCalibration(unsigned threads, bool measureIfMissing);
// The CPU's rates when its calibration was looked up already, else the
// defaults: for estimates that only inform (no file is read).
DeviceRates cpuRatesIfKnown(unsigned threads);
const Calibration &gpuCalibration(GpuDevice &device, bool measureIfMissing);
// A GPU not started in this process, as an earlier one remembered it:
// its kept calibration, or the defaults of its type (nothing measured).
const Calibration &gpuCalibrationOf(const std::string &key, const std::string &name, const std::string &type);

// A GPU this process started: a kept calibration that says starting it
// takes much longer (measured in a machine's first process, whose first
// Vulkan start is slower: 1.0 s on a fresh H200 machine, 0.15 s after)
// learns the shorter time, in its file too.
void noteGpuStart(GpuDevice &device);

// runmat-run calibrate: measures the devices again (force) or reports the
// kept calibration, with progress lines.
Calibration recalibrateCpu(unsigned threads, bool force, const Progress &progress);
Calibration recalibrateGpu(GpuDevice &device, bool force, const Progress &progress);

DeviceIdentity cpuIdentity(unsigned threads);
DeviceIdentity gpuIdentity(GpuDevice &device);

} // namespace runmat::rt
