// The schedule rules of the contract: the model's choice, the validator's
// bounds, and which schedule a launch picks for its device and size.
#include <doctest/doctest.h>

#include "runmat/contract/KernelSchedule.h"
#include "runmat/contract/ReductionSchedule.h"

using namespace runmat;

TEST_CASE("the model reproduces the launch heuristics it replaced") {
  const KernelSchedule map = schedule::modelSchedule({false, false, 8});
  CHECK(map.workgroupSize == 256);
  CHECK(map.groupsPerUnit == schedule::kMapGroupsPerUnit);
  CHECK(map.source == ScheduleSource::Model);
  // A reduction that mostly reads takes 4 flat workgroups per unit; arithmetic or a time loop, 8.
  CHECK(schedule::modelSchedule({true, false, 2}).flatGroupsPerUnit == 4);
  CHECK(schedule::modelSchedule({true, false, 3}).flatGroupsPerUnit == 8);
  CHECK(schedule::modelSchedule({true, true, 1}).flatGroupsPerUnit == 8);
  CHECK(schedule::modelSchedule({true, false, 1}).groupsPerUnit == schedule::kReductionOccupancy);
}

TEST_CASE("a launch takes the tuned schedule of its device and size bucket, else the first") {
  KernelSchedule model = schedule::modelSchedule({true, false, 1});
  KernelSchedule tuned = model;
  tuned.workgroupSize = 1024;
  tuned.source = ScheduleSource::Tuned;
  tuned.bucket = pointsBucket(1 << 20);
  tuned.device = "gpu-a";
  const std::vector<KernelSchedule> list{model, tuned};
  CHECK(pickSchedule(list, "gpu-a", (1 << 20) + 5)->workgroupSize == 1024);
  CHECK(pickSchedule(list, "gpu-a", 1 << 21)->workgroupSize == 256); // another bucket
  CHECK(pickSchedule(list, "gpu-b", 1 << 20)->workgroupSize == 256); // another device
  CHECK(pickSchedule({}, "gpu-a", 10) == nullptr);
  CHECK(pointsBucket(1) == 0);
  CHECK(pointsBucket(1023) == 9);
  CHECK(pointsBucket(1024) == 10);
}

TEST_CASE("a schedule's spelling reads back; what it leaves out stays; a bad one is refused") {
  KernelSchedule s = schedule::modelSchedule({true, false, 1});
  s.workgroupSize = 512;
  s.form = ReductionForm::Split;
  const KernelSchedule model = schedule::modelSchedule({true, false, 1});
  const KernelSchedule back = KernelSchedule::parse(s.spelling(), model);
  CHECK(back.workgroupSize == 512);
  CHECK(back.form == ReductionForm::Split);
  CHECK(back.flatGroupsPerUnit == model.flatGroupsPerUnit);
  CHECK(KernelSchedule::parse("groups=2", model).groupsPerUnit == 2);
  CHECK(KernelSchedule::parse("groups=2", model).workgroupSize == 256);
  CHECK_THROWS_WITH(KernelSchedule::parse("wg=300", model), doctest::Contains("power of two"));
  CHECK_THROWS_WITH(KernelSchedule::parse("tile=4", model), doctest::Contains("unknown schedule key"));
  CHECK_THROWS_WITH(KernelSchedule::parse("wg", model), doctest::Contains("key=value"));
  CHECK_THROWS_WITH(KernelSchedule::parse("wg=x", model), doctest::Contains("not a number"));
}

TEST_CASE("the validator holds schedules to the device-independent bounds") {
  KernelSchedule s = schedule::modelSchedule({false, false, 1});
  CHECK(scheduleProblem(s) == "");
  s.workgroupSize = 2048;
  CHECK(scheduleProblem(s).find("power of two") != std::string::npos);
  s = schedule::modelSchedule({false, false, 1});
  s.groupsPerUnit = 0;
  CHECK(scheduleProblem(s).find("per compute unit") != std::string::npos);
  s = schedule::modelSchedule({false, false, 1});
  s.source = ScheduleSource::Tuned; // without its device and bucket
  CHECK(scheduleProblem(s).find("names its device") != std::string::npos);
  CHECK_THROWS(reductionFormFromName("flatter"));
  CHECK(scheduleSourceFromName("fallback") == ScheduleSource::Fallback);
}
