// What each operation cost on the CPU against its estimate, as this session
// saw it (issue 16). The cost model is a model: a kernel form the
// calibration programs do not exercise (a time loop inside a reduction,
// say) can run several times slower than its estimate, and the fixed cost
// of spreading a launch over the threads is not in it. The next run's
// decisions for that site scale the CPU estimate by what was seen, so a
// site the model underrates moves to the GPU once it has run. (The GPU's
// side keeps its estimate: its kernels are timed only when asked for.)
#pragma once

#include <unordered_map>

namespace runmat::rt {

class CpuObserved {
public:
  // A launch at `site` estimated at `estimate` seconds took `seconds`.
  void saw(int site, double estimate, double seconds);
  // The factor to apply to the site's CPU estimate (1 when never seen).
  double factor(int site) const;

private:
  std::unordered_map<int, double> ratio_;
};

// Whether the session learns at all: not when the CPU's calibration is a
// forced file (RUNMAT_CALIBRATION_FILE_CPU), which describes another
// machine's CPU, nor with RUNMAT_CPU_OBSERVED=off.
bool cpuObservationsUsed();

} // namespace runmat::rt
