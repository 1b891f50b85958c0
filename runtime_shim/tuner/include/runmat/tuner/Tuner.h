// The schedule tuner behind `runmatc tune` and `runmat-run tune`: runs an
// artifact's entry on the GPU through the shim's C API with candidate
// schedules for every kernel (session option schedule.<kernel>: workgroup
// size, workgroups per compute unit, flat workgroups, reduction form),
// times each kernel with GPU timestamps, checks every candidate's outputs
// against the model's, and merges the winners into a tuning database
// (TuningDb.h) that later compiles take. No recompiling: every candidate is
// a specialisation constant or a launch parameter. docs/tuning.md.
#pragma once

#include <functional>
#include <string>
#include <vector>

struct rm_artifact;

namespace runmat::tuner {

struct TuneOptions {
  std::string entry;                     // "" the first
  std::vector<std::pair<std::string, double>> params;
  int repeats = 9;                       // timed runs per candidate (medians)
  double budgetSeconds = 50;             // stop trying candidates after this long
  double minGain = 0.03;                 // a winner must beat the model's median by this fraction
  std::string database;                  // "" the cache folder's tuning-<device>.yaml
  std::function<void(const std::string &)> progress; // one line at a time
};

struct TunedKernelResult {
  int kernel = 0;
  std::string covers, spelling; // what it computes; the winner ("" kept the model's)
  double modelMs = 0, tunedMs = 0;
  int64_t points = 0;
};

struct TuneResult {
  std::string device, deviceKey, database;
  std::vector<TunedKernelResult> kernels;
  int candidates = 0, rejected = 0; // candidate rounds run; rounds whose outputs differed
  int written = 0;                  // database entries written (kernels of one structure and bucket share one)
  double seconds = 0;
  bool budgetSpent = false;
};

// Adds name=value parameters (-p) to `options`; throws std::runtime_error
// naming one that is not name=number.
void addParams(const std::vector<std::string> &params, TuneOptions &options);

// Throws std::runtime_error with the reason (no GPU, a failed run, an
// unwritable database). The artifact's manifest must carry fingerprints.
TuneResult tune(const rm_artifact *artifact, const TuneOptions &options);

// The result as a table for people.
std::string describe(const TuneResult &r);

} // namespace runmat::tuner
