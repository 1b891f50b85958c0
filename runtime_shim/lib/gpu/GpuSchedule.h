// The schedule a generated kernel's GPU launch uses: runmat-autotune's
// choice from the manifest, by the contract's pick rule (KernelSchedule.h),
// held to what this device can take. The launch decides only what depends on
// the run's sizes (ReductionSchedule.h).
#pragma once

#include "runmat/contract/Manifest.h"

#include <cstdint>
#include <string>
#include <vector>

namespace runmat::rt {

class GpuDevice;

struct LaunchSchedule {
  uint32_t workgroupSize = 256;
  int64_t groupsPerUnit = 16, flatGroupsPerUnit = 8;
  bool splitOnly = false;
  // model | tuned | session (the session option schedule.<kernel>) |
  // fallback (the device cannot take the chosen workgroup) | forced
  // (RUNMAT_GPU_WORKGROUP, for experiments)
  std::string source = "model";
};

// `space`: the launch's extents (k.rank of them), `points` their product;
// `session`: the session's own schedule for the kernel (null: none).
LaunchSchedule launchSchedule(const KernelInfo &k, const GpuDevice &d, const int64_t *space, int64_t points,
                              const KernelSchedule *session);

// The workgroup size each SPIR-V module of the artifact is built with
// ahead of its first launch: its kernel's schedule for any size.
std::vector<uint32_t> moduleWorkgroups(const Manifest &m, const GpuDevice &d, size_t numModules);

} // namespace runmat::rt
