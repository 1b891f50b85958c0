// What a session saw operations cost on the CPU (CpuObserved): counted from
// the next run, the fastest ratio kept, and a trial of the plan it makes
// that is undone when the plan ran slower.
#include <doctest/doctest.h>

#include "CpuObserved.h"

using namespace runmat::rt;

TEST_CASE("an observation counts from the next run, and the fastest is kept") {
  CpuObserved o;
  o.saw(3, 1e-4, 9e-3);          // a session's first run is cold: not observed
  o.endRun(1e-3, false, 0, {1});
  CHECK(o.factor(3) == 1.0);
  o.saw(3, 1e-4, 4e-4);
  CHECK(o.factor(3) == 1.0); // not within the run that saw it
  o.endRun(1e-3, false, 0, {1});
  CHECK(o.factor(3) == doctest::Approx(4.0));
  o.saw(3, 1e-4, 2e-4);
  o.saw(3, 1e-4, 9e-4);
  o.endRun(1e-3, false, 0, {1});
  CHECK(o.factor(3) == doctest::Approx(2.0));
  CHECK(o.factor(4) == 1.0);
}

TEST_CASE("ratios are clamped, and too short launches are not observed") {
  CpuObserved o;
  o.endRun(1e-3, false, 0, {}); // (the cold first run)
  o.saw(1, 1e-6, 1.0);   // a page fault
  o.saw(2, 1e-3, 1e-7);  // shorter than the clock's overhead
  o.saw(3, 1e-3, 1e-5);
  o.endRun(1e-3, false, 0, {});
  CHECK(o.factor(1) == doctest::Approx(16.0));
  CHECK(o.factor(2) == 1.0);
  CHECK(o.factor(3) == doctest::Approx(0.25));
}

TEST_CASE("a trial that runs slower than the run before it is undone") {
  CpuObserved o;
  o.endRun(2e-3, false, 0, {7}); // run 1: cold, no baseline
  o.saw(0, 1e-4, 5e-4);
  o.endRun(1e-3, false, 0, {7}); // run 2: the baseline (nothing applied)
  o.applied();
  o.endRun(0.2, true, 5, {7});   // run 3: starts the GPU (not judged)
  CHECK(o.trust() == CpuObserved::Trust::Trial);
  o.applied();
  o.endRun(3e-3, false, 5, {7}); // run 4: slower than run 2
  CHECK(o.trust() == CpuObserved::Trust::Rejected);
  CHECK(o.undoStart());
  CHECK(o.factor(0) == 1.0);
}

TEST_CASE("a trial that runs faster is kept; an unchanged plan or other parameters are not judged") {
  CpuObserved o;
  o.endRun(2e-3, false, 0, {7});
  o.saw(0, 1e-4, 5e-4);
  o.endRun(1e-3, false, 0, {7});
  o.applied();
  o.endRun(5e-4, false, 0, {7});  // same dispatches as the baseline: the plan did not change
  CHECK(o.trust() == CpuObserved::Trust::Trial);
  o.applied();
  o.endRun(5e-4, false, 3, {8});  // other parameters
  CHECK(o.trust() == CpuObserved::Trust::Trial);
  o.applied();
  o.endRun(5e-4, false, 3, {7});
  CHECK(o.trust() == CpuObserved::Trust::Kept);
  CHECK_FALSE(o.undoStart());
  CHECK(o.factor(0) == doctest::Approx(5.0));
}
