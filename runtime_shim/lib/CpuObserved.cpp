#include "CpuObserved.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace runmat::rt {

namespace {
// Beyond these the estimate or the timing is off for another reason (a
// first launch's page faults, a preempted thread): clamp, do not trust.
constexpr double kLowest = 0.25, kHighest = 16;
// Launches shorter than this are mostly clock and call overhead.
constexpr double kShortest = 2e-6;

// Not when the CPU's calibration is a forced file (RUNMAT_CALIBRATION_FILE_CPU),
// which describes another machine's CPU, nor with RUNMAT_CPU_OBSERVED=off.
bool observationsUsed() {
  static const bool used = [] {
    const char *forced = std::getenv("RUNMAT_CALIBRATION_FILE_CPU");
    const char *off = std::getenv("RUNMAT_CPU_OBSERVED");
    return !(forced && *forced) && !(off && std::strcmp(off, "off") == 0);
  }();
  return used;
}

// The fastest seen: noise (a preempted thread, a page fault) only adds.
void keepFastest(std::unordered_map<int, double> &ratios, int site, double r) {
  auto [it, fresh] = ratios.emplace(site, r);
  if (!fresh) it->second = std::min(it->second, r);
}
} // namespace

void CpuObserved::saw(int site, double estimate, double seconds) {
  if (runs_ == 0 || !observationsUsed() || !(estimate > 0) || !(seconds > kShortest)) return;
  keepFastest(pending_, site, std::clamp(seconds / estimate, kLowest, kHighest));
}

double CpuObserved::factor(int site) const {
  if (trust_ == Trust::Rejected || !observationsUsed()) return 1.0;
  auto it = ratio_.find(site);
  return it == ratio_.end() ? 1.0 : it->second;
}

void CpuObserved::endRun(double wallSeconds, bool startedGpu, uint64_t gpuDispatches, const std::vector<double> &params) {
  // What this run saw counts from the next: a trial's plan is the same for a whole run.
  for (const auto &[site, r] : pending_) keepFastest(ratio_, site, r);
  pending_.clear();
  ++runs_;
  if (!appliedThisRun_) {
    if (runs_ > 1) // (a first run is cold)
      baselineWall_ = wallSeconds, baselineParams_ = params, baselineDispatches_ = gpuDispatches;
  } else if (trust_ == Trust::Trial && startedGpu) {
    trialStartedGpu_ = true; // (a run that starts the GPU is not compared: it paid for the start)
  } else if (trust_ == Trust::Trial && !startedGpu && baselineWall_ > 0 && params == baselineParams_ &&
             gpuDispatches != baselineDispatches_) {
    // (judged on the first run whose plan differs: its GPU dispatches do)
    // 5%: what two equal runs differ by on a quiet machine.
    trust_ = wallSeconds > 1.05 * baselineWall_ ? Trust::Rejected : Trust::Kept;
  }
  appliedThisRun_ = false;
}

} // namespace runmat::rt
