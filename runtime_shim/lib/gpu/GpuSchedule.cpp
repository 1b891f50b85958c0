#include "GpuSchedule.h"

#include "GpuDevice.h"

#include "runmat/contract/ReductionSchedule.h"

#include <algorithm>

namespace runmat::rt {

namespace {

// Held to the device: a workgroup larger than it takes becomes its own.
void fit(LaunchSchedule &s, const GpuDevice &d) {
  if (d.workgroupForced()) {
    s.workgroupSize = d.workgroupSize();
    s.source = "forced";
  } else if (s.workgroupSize > d.limits().maxComputeWorkGroupInvocations ||
             s.workgroupSize > d.limits().maxComputeWorkGroupSize[0]) {
    s.workgroupSize = d.workgroupSize();
    s.source = "fallback";
  }
}

} // namespace

LaunchSchedule launchSchedule(const KernelInfo &k, const GpuDevice &d, const int64_t *space, int64_t points,
                              const KernelSchedule *session) {
  LaunchSchedule s;
  if (const KernelSchedule *c = session ? session : pickSchedule(k.schedules, d.identityKey(), points)) {
    s.workgroupSize = (uint32_t)c->workgroupSize;
    s.groupsPerUnit = c->groupsPerUnit;
    s.flatGroupsPerUnit = c->flatGroupsPerUnit;
    s.splitOnly = c->form == ReductionForm::Split;
    s.source = session ? "session" : scheduleSourceName(c->source);
  }
  fit(s, d);
  // A column-local kernel whose lanes cannot stride over a column keeps a
  // column in one workgroup: a smaller workgroup gives way to its height.
  if (k.isGrouped() && !k.groupStrided && k.rank > 0 && space[0] > (int64_t)s.workgroupSize &&
      schedule::nextPow2(space[0]) <= (int64_t)d.limits().maxComputeWorkGroupInvocations) {
    s.workgroupSize = (uint32_t)std::max<int64_t>(d.workgroupSize(), schedule::nextPow2(space[0]));
    s.source = "fallback";
  }
  return s;
}

std::vector<uint32_t> moduleWorkgroups(const Manifest &m, const GpuDevice &d, size_t numModules) {
  std::vector<uint32_t> out(numModules, d.workgroupSize());
  for (const KernelInfo &k : m.kernels) {
    if (k.schedules.empty()) continue;
    LaunchSchedule s;
    s.workgroupSize = (uint32_t)k.schedules[0].workgroupSize;
    fit(s, d);
    for (int mod : k.gpuModules)
      if (mod >= 0 && (size_t)mod < numModules) out[(size_t)mod] = s.workgroupSize;
  }
  return out;
}

} // namespace runmat::rt
