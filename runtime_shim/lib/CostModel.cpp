#include "CostModel.h"

#include <algorithm>

namespace runmat::rt {

DeviceCost cpuCost(unsigned threads) {
  double t = std::max(1u, threads);
  return DeviceCost{std::min(6e9 * t, 6e10), 4e9 * t, 3e10 * t, 5e-6, 0, 0};
}

DeviceCost gpuCost(const std::string &type) {
  if (type == "discrete" || type == "virtual") return DeviceCost{1.5e12, 1.5e13, 1e13, 1e-5, 1e10, 3e-5};
  if (type == "integrated") return DeviceCost{8e10, 1e12, 8e11, 2e-5, 2e10, 1e-5};
  return DeviceCost{1e10, 1e10, 1e10, 5e-5, 1e10, 1e-5}; // a CPU device (lavapipe) or unknown
}

double estimateSeconds(const DeviceCost &c, double bytes, double flops, bool blas) {
  return c.launch + std::max(bytes / c.bandwidth, flops / (blas ? c.blasFlops : c.flops));
}

} // namespace runmat::rt
