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
} // namespace

void CpuObserved::saw(int site, double estimate, double seconds) {
  if (!(estimate > 0) || !(seconds > kShortest)) return;
  const double r = std::clamp(seconds / estimate, kLowest, kHighest);
  auto [it, fresh] = ratio_.emplace(site, r);
  if (!fresh) it->second = 0.5 * (it->second + r); // runs vary: half the old, half the new
}

double CpuObserved::factor(int site) const {
  auto it = ratio_.find(site);
  return it == ratio_.end() ? 1.0 : it->second;
}

bool cpuObservationsUsed() {
  static const bool used = [] {
    const char *forced = std::getenv("RUNMAT_CALIBRATION_FILE_CPU");
    const char *off = std::getenv("RUNMAT_CPU_OBSERVED");
    return !(forced && *forced) && !(off && std::strcmp(off, "off") == 0);
  }();
  return used;
}

} // namespace runmat::rt
