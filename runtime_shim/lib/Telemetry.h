// What a run did, kernel by kernel: where each launch ran and why, how long
// it took, how many bytes it touched. Written as JSON (--telemetry) and
// summarized on standard error (--verbose).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace runmat::rt {

struct KernelStats {
  std::string device;
  std::string reason;
  uint64_t launches = 0;
  double seconds = 0;
  double bytes = 0;
  double estimatedSeconds = 0;
};

struct Telemetry {
  std::map<int, KernelStats> kernels;              // by kernel id
  std::map<std::string, KernelStats> library;      // matmul, qr, ...
  uint64_t launches = 0;
  double wallSeconds = 0;
  double transferBytes = 0;

  void record(int kernel, const std::string &device, const std::string &reason, double seconds, double bytes);
  void recordLibrary(const std::string &name, const std::string &device, double seconds, double bytes);
};

struct Manifest;
// The JSON document (see docs/runtime.md).
std::string telemetryJson(const Telemetry &t, const Manifest &m, const std::string &entry,
                          const std::string &deviceOption);
// One line per kernel for --verbose.
std::string telemetrySummary(const Telemetry &t, const Manifest &m);

} // namespace runmat::rt
