#include "runmat/contract/ReductionSchedule.h"

#include <algorithm>

namespace runmat::schedule {

int64_t nextPow2(int64_t v) {
  int64_t p = 1;
  while (p < v) p <<= 1;
  return p;
}

bool flatResiduesFit(int64_t Q, int64_t workgroupSize) {
  return Q > 0 && (kFlatPointsPerLoad * workgroupSize) % Q == 0;
}

SplitReduction splitReduction(const SplitReductionShape &s, const SplitReductionDevice &d) {
  SplitReduction r;
  r.O = s.O;
  r.P = s.P;
  const int64_t wg = d.workgroupSize;
  // Adjacent outputs share a workgroup, outputs first, when they are
  // adjacent in memory (dimension 0 kept); otherwise lanes come first, as
  // many as about a quarter of the reduced points, the rest of the
  // workgroup taking more outputs.
  r.lanesFirst = s.leadingReduced;
  if (!r.lanesFirst) {
    r.OB = std::min<int64_t>(wg, nextPow2(s.leadingExtent));
    r.L = wg / r.OB;
  } else {
    r.L = std::min<int64_t>(wg, std::max<int64_t>(nextPow2((s.P + 3) / 4), std::min<int64_t>(wg, d.subgroupSize)));
    r.OB = wg / r.L;
  }
  r.OG = (s.O + r.OB - 1) / r.OB;
  // Enough workgroups to fill every compute unit several times over (the
  // split costs one extra combine per group of outputs).
  const int64_t target = d.occupancy * d.computeUnits;
  if (r.OG < target)
    r.G = std::min<int64_t>((target + r.OG - 1) / r.OG, (s.P + r.L * kPointsPerLanePerSlice - 1) / (r.L * kPointsPerLanePerSlice));
  // A fused time loop makes every point costly: one point per lane, which
  // also keeps each invocation's loop trips few.
  if (s.timeLoop) r.G = std::max<int64_t>(r.G, (s.P + r.L - 1) / r.L);
  r.G = std::max<int64_t>(
      1, std::min<int64_t>({r.G, kMaxSlices, kIndexLimit / std::max<int64_t>(1, 2 * (int64_t)s.numOutputs * s.O)}));
  return r;
}

} // namespace runmat::schedule
