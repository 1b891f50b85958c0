// How the CPU launcher cuts a kernel into tasks for the thread pool, read
// by the cost model too (a kernel of one task runs at one thread's rate).
#pragma once

#include "runmat/contract/Manifest.h"

#include <cstdint>

namespace runmat::rt {

// Points per task below which splitting a light kernel (up to 4 plain
// operations a point) does not pay; a heavier one's tasks carry the same
// work in fewer points (monte_carlo's 256 trips of a draw and two
// elementary functions: 24 points a task), so a time loop over 1e5 points
// uses every thread, not 3 of 16.
constexpr int64_t kCpuGrain = 1 << 15;
constexpr double kCpuTaskWork = 4.0 * kCpuGrain;

// A point's work in plain-operation equivalents (an elementary function
// about 10, a draw about 8: the CPU's default rates).
double cpuPointWork(const KernelWork &perPoint);

// `tasks` boxes along iteration dimension `dim`.
struct CpuSplit {
  int dim = 0;
  int64_t tasks = 1;
};
CpuSplit cpuSplit(const KernelInfo &k, const int64_t *space, unsigned threads, const KernelWork &perPoint);

} // namespace runmat::rt
