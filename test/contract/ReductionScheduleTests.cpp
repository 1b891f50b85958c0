// The schedule rules the GLSL writer and the shim's launches share.
#include <doctest/doctest.h>

#include "runmat/contract/ReductionSchedule.h"

using namespace runmat::schedule;

namespace {
const SplitReductionDevice h200{256, 32, 132, kReductionOccupancy};
} // namespace

TEST_CASE("a column sum (dimension 0 reduced) puts lanes first, a quarter of the points") {
  SplitReductionShape s;
  s.O = 1000;
  s.P = 64; // 16 lanes would do, but never fewer than a subgroup
  const SplitReduction r = splitReduction(s, h200);
  CHECK(r.lanesFirst);
  CHECK(r.L == 32);
  CHECK(r.OB == 8);
  CHECK(r.OG == 125);
  CHECK(r.G == 1); // 32 lanes x 8 points already cover 64 points
}

TEST_CASE("a row reduction (dimension 0 kept) puts adjacent outputs first") {
  SplitReductionShape s;
  s.O = 100000;
  s.P = 512;
  s.leadingExtent = 100000;
  s.leadingReduced = false;
  const SplitReduction r = splitReduction(s, h200);
  CHECK(!r.lanesFirst);
  CHECK(r.OB == 256);
  CHECK(r.L == 1);
  CHECK(r.OG == (100000 + 255) / 256);
  CHECK(r.G == 6); // 391 groups of outputs against 16 x 132 workgroups wanted
}

TEST_CASE("one output over many points is sliced to fill the device; a time loop takes a point per lane") {
  SplitReductionShape s;
  s.O = 1;
  s.P = 1 << 20;
  SplitReduction r = splitReduction(s, h200);
  CHECK(r.L == 256);
  CHECK(r.G == (1 << 20) / (256 * kPointsPerLanePerSlice)); // 512, under the 16 x 132 wanted
  s.timeLoop = true;
  r = splitReduction(s, h200);
  CHECK(r.G == (1 << 20) / 256);
  s.P = int64_t(1) << 30; // capped by the dispatch's height
  CHECK(splitReduction(s, h200).G == kMaxSlices);
}

TEST_CASE("the flat form needs its residues to divide the workgroup's slots") {
  CHECK(flatResiduesFit(1, 256));
  CHECK(flatResiduesFit(1024, 256));
  CHECK(!flatResiduesFit(2048, 256));
  CHECK(!flatResiduesFit(3, 256));
  CHECK(!flatResiduesFit(0, 256));
  CHECK(nextPow2(1) == 1);
  CHECK(nextPow2(257) == 512);
}
