#include "CpuSplit.h"

#include <algorithm>
#include <vector>

namespace runmat::rt {

double cpuPointWork(const KernelWork &w) { return w.plain + 10 * w.transcendental + 8 * w.draws; }

CpuSplit cpuSplit(const KernelInfo &k, const int64_t *space, unsigned threads, const KernelWork &perPoint) {
  const int rank = k.rank;
  std::vector<bool> reduced(rank, false), grouped(rank, false);
  for (int p : k.reduce) reduced[p] = true;
  for (int p : k.group) grouped[p] = true;
  int64_t total = 1;
  for (int p = 0; p < rank; ++p) total *= space[p];
  const double grain = std::clamp(kCpuTaskWork / std::max(4.0, cpuPointWork(perPoint)), 1.0, (double)kCpuGrain);
  int64_t chunks = std::max<int64_t>(1, std::min<int64_t>(std::max(1u, threads), (int64_t)((double)total / grain)));
  // Split along the outermost dimension that can feed every task, preferring
  // one whose boxes write disjoint outputs.
  int split = -1;
  for (int pass = 0; pass < 2 && split < 0; ++pass)
    for (int p = rank - 1; p >= 0; --p)
      if (space[p] >= chunks && (pass == 1 || !reduced[p]) && !grouped[p]) {
        split = p;
        break;
      }
  if (split < 0) {
    for (int p = 0; p < rank; ++p)
      if (!grouped[p] && (split < 0 || space[p] > space[split])) split = p;
    if (split < 0) return {0, 1}; // one group: one box
  }
  chunks = rank == 0 ? 1 : std::max<int64_t>(1, std::min<int64_t>(chunks, space[split]));
  return {split, chunks};
}

} // namespace runmat::rt
