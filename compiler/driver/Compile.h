// The compile pipeline runmatc runs: program -> trace -> runmat dialect ->
// kernel form -> LLVM -> artifact, stopping early for --emit.
#pragma once

#include <string>
#include <vector>

namespace runmat::driver {

struct CompileOptions {
  std::string emit;     // "", trace, mlir, fused, glsl, spirv, llvm
  std::string output;   // file, "-" for standard output; default <stem>.rmx for artifacts
  bool fusion = true;
  // Tuning databases runmat-autotune takes schedules from: these files, or
  // when none is given every tuning-*.yaml of the cache folder (a file the
  // compile cannot read is an error; one in the cache folder a note with -v).
  std::vector<std::string> tuningDbs;
  bool cachedTuning = true;
  bool gpu = true;      // GPU kernels (SPIR-V) in the artifact
  bool fastMath = false; // GPU kernels' single-precision exp, log and pow through the device's exp2 and log2
  std::string cpu = "native";
  bool verbose = false; // progress on standard error
  bool report = false;  // print the fusion report (standard output; standard error when --emit prints there)
};

// Returns the process exit status; throws CompileError for user errors.
int compile(const std::string &input, const CompileOptions &options);

extern const char *const kVersion;

} // namespace runmat::driver
