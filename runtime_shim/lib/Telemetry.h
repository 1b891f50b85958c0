// What a run did, kernel by kernel: where each launch ran and why, the
// estimates behind the choice, how long it took (CPU wall time; GPU time
// from timestamp queries), how many bytes it touched. Written as JSON
// (--telemetry) and summarized on standard error (--verbose).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace runmat::rt {

struct KernelStats {
  std::string device;
  std::string reason;
  uint64_t launches = 0, gpuLaunches = 0;
  double seconds = 0;    // measured: CPU wall time plus GPU kernel time
  double gpuSeconds = 0; // measured on the GPU
  double bytes = 0;
  double transferBytes = 0;    // moved between host and device for its launches
  double estimatedSeconds = 0; // of the chosen device, summed over launches
  std::string schedule;        // how it ran on the GPU (library: the kernel and its shape; generated reductions:
                               // the form and its split), each distinct one
};

struct Telemetry {
  std::map<int, KernelStats> kernels;         // by kernel id
  std::map<std::string, KernelStats> library; // matmul, qr, copy
  uint64_t launches = 0;
  uint64_t dispatches = 0; // GPU dispatches (a split reduction is two)
  double wallSeconds = 0;
  double transferBytes = 0, uploadBytes = 0, downloadBytes = 0;
  double gpuSeconds = 0; // all GPU dispatches
  std::string gpuDevice; // the GPU's name, when one was used
  std::string gpuNote;   // why none was, or what went wrong

  void record(int kernel, const std::string &device, const std::string &reason, double seconds, double bytes,
              double estimate, double transfers);
  void recordLibrary(const std::string &name, const std::string &device, const std::string &reason, double seconds,
                     double bytes, double estimate, double transfers);
  // How library operation `name` ran on the GPU (the kernel, its tiles and
  // workgroups): kept once per distinct text.
  void noteSchedule(const std::string &name, const std::string &schedule);
  // How generated reduction `kernel` was split on the GPU, kept likewise.
  void noteKernelSchedule(int kernel, const std::string &schedule);
  // GPU time measured for a launch recorded before.
  void addGpuTime(int kernel, const std::string &library, double seconds);
};

struct Manifest;
// The JSON document (see docs/runtime.md).
std::string telemetryJson(const Telemetry &t, const Manifest &m, const std::string &entry,
                          const std::string &deviceOption);
// One line per kernel for --verbose.
std::string telemetrySummary(const Telemetry &t, const Manifest &m);

} // namespace runmat::rt
