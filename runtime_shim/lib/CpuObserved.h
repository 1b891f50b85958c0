// What each operation cost on the CPU against its estimate, as this session
// saw it (issue 16). The cost model is a model: a kernel form the
// calibration programs do not exercise (a time loop inside a reduction,
// say) can run several times slower than its estimate, and the fixed cost
// of spreading a launch over the threads is not in it. Later decisions for
// that site scale the CPU estimate by what was seen, so a site the model
// underrates moves to the GPU once it has run.
//
// The GPU's side keeps its estimate (its kernels are timed only when asked
// for), so a plan made with the scaled estimates is a trial: the first run
// that uses them without starting the GPU is compared with the last run
// that did not (same parameters); if it was slower, the session goes back
// to the model's estimates.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace runmat::rt {

class CpuObserved {
public:
  // A launch at `site` estimated at `estimate` seconds took `seconds`.
  // Ignored in a session's first run (its first launches pay for page
  // faults, cold caches and BLAS's threads starting), with a forced CPU
  // calibration file (RUNMAT_CALIBRATION_FILE_CPU describes another
  // machine's CPU) and with RUNMAT_CPU_OBSERVED=off.
  void saw(int site, double estimate, double seconds);
  // The factor to apply to the site's CPU estimate: 1 when never seen, when
  // the trial failed, or when observations are off. A decision that applies one calls applied().
  double factor(int site) const;
  void applied() { appliedThisRun_ = true; }
  // A run ended: its wall time, whether it started the GPU, its GPU
  // dispatches (a plan that differs dispatches differently), its parameters.
  void endRun(double wallSeconds, bool startedGpu, uint64_t gpuDispatches, const std::vector<double> &params);

  enum class Trust { Trial, Kept, Rejected };
  Trust trust() const { return trust_; }
  // A failed trial that started the GPU: decisions are made as though it
  // had not started (the plan of the runs before the trial).
  bool undoStart() const { return trust_ == Trust::Rejected && trialStartedGpu_; }

private:
  std::unordered_map<int, double> ratio_, pending_;
  int runs_ = 0;
  Trust trust_ = Trust::Trial;
  bool appliedThisRun_ = false, trialStartedGpu_ = false;
  double baselineWall_ = -1;
  uint64_t baselineDispatches_ = 0;
  std::vector<double> baselineParams_;
};

} // namespace runmat::rt
