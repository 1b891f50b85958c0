// The first cost model of device choice under --device auto: per device
// kind, a bandwidth, an arithmetic rate, a launch latency and the cost of
// moving operands. These are uncalibrated defaults (calibration replaces
// them per device later); every decision is logged with its estimates.
#pragma once

#include <string>

namespace runmat::rt {

struct DeviceCost {
  double bandwidth;         // bytes/s a kernel streams
  double flops;             // elementwise operations/s
  double blasFlops;         // matrix-product flops/s
  double launch;            // seconds per kernel launch
  double transferBandwidth; // bytes/s to or from the other side
  double transferLatency;   // seconds per transfer
};

DeviceCost cpuCost(unsigned threads);
// By Vulkan device type: discrete, integrated, virtual, cpu, other.
DeviceCost gpuCost(const std::string &type);

// Seconds to run `flops` (elementwise, or matrix-product when blas) over
// `bytes` on a device.
double estimateSeconds(const DeviceCost &c, double bytes, double flops, bool blas);

// Below this CPU estimate auto does not start a GPU for a kernel.
constexpr double kGpuStartThresholdSeconds = 2e-3;

} // namespace runmat::rt
