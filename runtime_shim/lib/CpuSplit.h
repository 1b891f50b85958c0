// How the CPU launcher cuts a kernel into tasks for the thread pool, read
// by the cost model too (a kernel of one task runs at one thread's rate).
#pragma once

#include "Manifest.h"

#include <cstdint>

namespace runmat::rt {

// Points per task below which splitting does not pay.
constexpr int64_t kCpuGrain = 1 << 15;

// `tasks` boxes along iteration dimension `dim`.
struct CpuSplit {
  int dim = 0;
  int64_t tasks = 1;
};
CpuSplit cpuSplit(const KernelInfo &k, const int64_t *space, unsigned threads);

} // namespace runmat::rt
