// The tuning database: the schedules `runmatc tune` measured fastest on one
// device and driver, per kernel structure and size bucket. runmat-autotune
// takes a kernel's entries into its schedules; the shim uses one only on the
// device it was measured on. Versioned YAML (docs/tuning.md).
#pragma once

#include "runmat/contract/KernelSchedule.h"

#include <string>
#include <vector>

namespace runmat {

constexpr int kTuningDbVersion = 1;

struct TunedKernel {
  std::string fingerprint; // the kernel's structure, as runmat-autotune hashes it
  std::string label;       // what it computes, for people (its source ops)
  KernelSchedule schedule; // source tuned, with its device and size bucket
  double tunedMs = 0, modelMs = 0; // the medians measured: the winner, the model's schedule
};

struct TuningDb {
  int version = kTuningDbVersion;
  std::string deviceKey;  // GpuDevice::identityKey: vendor, device, driver, pipeline cache
  std::string deviceName; // for people
  std::vector<TunedKernel> kernels;

  // Adds an entry, replacing one of the same fingerprint and bucket.
  void add(const TunedKernel &k);
  std::vector<const TunedKernel *> find(const std::string &fingerprint) const;
};

std::string writeTuningDb(const TuningDb &db);
// Throws std::runtime_error ("tuning database: ...") on a document that is
// not one, of another version, or with an invalid schedule.
TuningDb readTuningDb(const std::string &yaml);
// The database's file name in the cache folder for a device.
std::string tuningDbFileName(const std::string &deviceKey);

} // namespace runmat
