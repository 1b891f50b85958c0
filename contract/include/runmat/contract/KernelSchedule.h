// A kernel's GPU schedule: what runmat-autotune decides once per kernel
// (from a tuning database, else from its model of a device) and the shim's
// launch reads. The launch re-decides only what depends on run-time sizes
// (ReductionSchedule.h), and picks among a kernel's schedules by the rule
// here. docs/gpu.md describes the schedules; docs/tuning.md the database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace runmat {

enum class ScheduleSource { Model, Tuned, Fallback };
const char *scheduleSourceName(ScheduleSource s);
ScheduleSource scheduleSourceFromName(const std::string &name); // throws std::runtime_error

// A reduction's form: `Auto` takes the flat form where its rule applies
// (ReductionSchedule.h), `Split` always splits over workgroups.
enum class ReductionForm { Auto, Split };
const char *reductionFormName(ReductionForm f);
ReductionForm reductionFormFromName(const std::string &name); // throws std::runtime_error

struct KernelSchedule {
  int64_t workgroupSize = 256;    // invocations per workgroup: the shader's specialisation constant RM_WG
  int64_t groupsPerUnit = 16;     // workgroups per compute unit: a map's cap, a split reduction's occupancy
  int64_t flatGroupsPerUnit = 8;  // the same for a reduction's flat form
  ReductionForm form = ReductionForm::Auto;
  ScheduleSource source = ScheduleSource::Model;
  int bucket = -1;    // tuned at 2^bucket (to 2^(bucket+1)) iteration points; -1: any size
  std::string device; // the identity key of the device it was tuned on; "": any device

  bool operator==(const KernelSchedule &o) const;
  // "wg 256, 16 groups/unit, flat 8/unit (model)", for reports and telemetry.
  std::string describe() const;
  // "wg=256,groups=16,flat=8,form=auto": how a person or `runmatc tune`
  // asks a session for a schedule (the session option schedule.<kernel>).
  std::string spelling() const;
  // Reads a spelling; what it leaves out stays as `base` has it. Throws
  // std::runtime_error naming what is wrong.
  static KernelSchedule parse(const std::string &spelling, const KernelSchedule &base);
};

// Why a schedule is not valid ("" when it is): the bounds every reader and
// writer holds it to.
std::string scheduleProblem(const KernelSchedule &s);

// The size bucket of an iteration space of `points` points: floor(log2).
int pointsBucket(int64_t points);

// The schedule a launch on the device `deviceKey` over `points` points
// uses: a tuned one of that device and bucket, else the first for any
// device and size (the model's); null when there is none.
const KernelSchedule *pickSchedule(const std::vector<KernelSchedule> &schedules, const std::string &deviceKey,
                                   int64_t points);

namespace schedule {

// What the model knows of a kernel when it chooses.
struct KernelFacts {
  bool reduction = false;
  bool timeLoop = false;  // a fused time loop in the body
  int64_t opsPerPoint = 1; // arithmetic per point outside any loop
};

// The model's schedule: the launch heuristics measured on the H100 and the
// H200 (docs/gpu.md), decided once per kernel. A body that does little
// besides reading (at most 2 operations a point) is bound by memory alone
// and reads faster from fewer flat workgroups (4 per compute unit), a body
// with arithmetic to hide wants 8.
KernelSchedule modelSchedule(const KernelFacts &k);

} // namespace schedule

} // namespace runmat
