// What a run did, kernel by kernel: where each launch ran and why, the
// estimates behind the choice, how long it took (CPU wall time; GPU time
// from timestamp queries), how many bytes it touched. Written as JSON
// (--telemetry) and summarized on standard error (--verbose).
#pragma once

#include "runmat/contract/Manifest.h"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace runmat::rt {

// One schedule a generated kernel ran with on the GPU, as fields (telemetry
// "schedules"; "schedule" is the same as text). Zero: does not apply.
struct ScheduleRecord {
  std::string form;   // "map", "flat", "split", "no flat form"
  std::string source; // where the workgroup size came from: model, tuned, session, fallback, forced
  int64_t workgroupSize = 0, workgroups = 0;
  int64_t residues = 0;                               // flat: residues per workgroup
  int64_t outputsPerGroup = 0, lanes = 0, slices = 0; // split: outputs x lanes per workgroup, slices
};

struct KernelStats {
  std::string device;
  std::string reason;
  uint64_t launches = 0, gpuLaunches = 0;
  double seconds = 0;    // measured: CPU wall time plus GPU kernel time
  double gpuSeconds = 0; // measured on the GPU
  double bytes = 0;
  double transferBytes = 0;    // moved between host and device for its launches
  double estimatedSeconds = 0; // of the chosen device, summed over launches
  int64_t points = 0;          // iteration points of its last GPU launch (runmatc tune's size bucket)
  std::string schedule;        // how it ran on the GPU (library: the kernel and its shape; generated reductions:
                               // the form and its split), each distinct one
  std::vector<ScheduleRecord> schedules; // generated kernels: the same, as fields
  // The last decision: its reason code (Placement.h) and both estimates of one launch.
  std::string code;
  double cpuEstimate = 0, gpuEstimate = 0;
};

// A decision as the telemetry records it.
struct Decision {
  const char *code = "forced";
  const std::string *reason = nullptr;
  double cpuEstimate = 0, gpuEstimate = 0;
};

// What the GPU and the host's dealings with it cost in one run.
struct GpuRunStats {
  bool timed = false; // timestamps were taken (kernel, span and idle times are measured)
  uint64_t dispatches = 0, submits = 0, waits = 0;
  uint64_t replayedSegments = 0, recordedSegments = 0; // command buffers submitted as kept, or recorded
  uint64_t freshBuffers = 0;                           // device buffers the run had to take from the device
  double waitSeconds = 0, submitSeconds = 0, recordSeconds = 0; // host time in fence waits, submits, recording
  double startSeconds = 0;                             // starting the GPU during this run
  double pipelineSeconds = 0;                          // getting pipelines (built now, or by the warmer)
  // Pipelines the run found ready in the session's cache (built by an
  // earlier run), and those it had to get (build, or wait for the warmer).
  uint64_t pipelineHits = 0, pipelineMisses = 0;
  double spanSeconds = 0, idleSeconds = 0;             // first dispatch's start to last one's end; minus kernels
  uint64_t peakDeviceBytes = 0;  // device-local memory the session held at most during the run
  uint64_t peakTensorBytes = 0;  // ... tensors' device copies at most at once
  uint64_t heldDeviceBytes = 0, heldHostBytes = 0; // what the session keeps for the next run
};

struct Telemetry {
  uint64_t peakHostBytes = 0; // host memory the run's tensors held at most at once
  std::map<int, KernelStats> kernels;         // by kernel id
  std::map<std::string, KernelStats> library; // matmul, qr, copy
  uint64_t run = 0;        // 1 for a session's first run, 2 for its second, ...
  uint64_t launches = 0;
  uint64_t dispatches = 0; // GPU dispatches timed (a split reduction is two)
  double wallSeconds = 0;
  double printSeconds = 0; // formatting printed text and handing it to the host
  // Where a run's wall time goes on the host: the entry's code (its kernels'
  // CPU time and its waits for the GPU included), copying its outputs out,
  // and ending the run (freeing what it held, finishing the GPU's work).
  double entrySeconds = 0, outputSeconds = 0, endSeconds = 0;
  GpuRunStats gpuRun;
  double transferBytes = 0, uploadBytes = 0, downloadBytes = 0;
  double gpuSeconds = 0; // all GPU dispatches
  std::string gpuDevice; // the GPU's name, when one was used
  std::string gpuIdentity; // its identity key (vendor, device, driver, pipeline cache): tuning databases' key
  std::string gpuNote;   // why none was, or what went wrong

  void record(int kernel, const std::string &device, const Decision &d, double seconds, double bytes,
              double transfers);
  void recordLibrary(const std::string &name, const std::string &device, const Decision &d, double seconds,
                     double bytes, double transfers);
  // The calibrations the decisions used: "cpu: file ...; gpu: measured ..."
  std::string calibration;
  // How library operation `name` ran on the GPU (the kernel, its tiles and
  // workgroups), or how generated reduction `kernel` was split: kept once
  // per distinct schedule. `key` digests what the schedule depends on, so
  // that the text is made only the first time (launches repeat).
  template <typename Text> void noteSchedule(const char *name, uint64_t key, Text &&text) {
    if (seenSchedules_.insert({scheduleOwner(name), key}).second) addSchedule(library[name].schedule, text());
  }
  template <typename Text> void noteKernelSchedule(int kernel, uint64_t key, Text &&text, ScheduleRecord record) {
    if (!seenSchedules_.insert({(uint64_t)kernel, key}).second) return;
    KernelStats &k = kernels[kernel];
    addSchedule(k.schedule, text());
    k.schedules.push_back(std::move(record));
  }
  static void addSchedule(std::string &schedules, const std::string &schedule);
  // GPU time measured for a launch recorded before.
  void addGpuTime(int kernel, const std::string &library, double seconds);

private:
  static uint64_t scheduleOwner(const char *name);
  std::set<std::pair<uint64_t, uint64_t>> seenSchedules_;
};

// A digest of the numbers a schedule depends on.
inline uint64_t scheduleKey(std::initializer_list<uint64_t> values) {
  uint64_t h = 1469598103934665603ull;
  for (uint64_t v : values) h = (h ^ v) * 1099511628211ull;
  return h;
}

// What a session keeps of each recent run for its telemetry's "runs" (the
// JSON is made only when asked for).
struct RunFigures {
  uint64_t run = 0, launches = 0;
  double wallSeconds = 0, uploadBytes = 0, downloadBytes = 0, gpuSeconds = 0;
  double printSeconds = 0, entrySeconds = 0, outputSeconds = 0, endSeconds = 0;
  uint64_t peakHostBytes = 0;
  GpuRunStats gpu;
};
RunFigures runFigures(const Telemetry &t);

// The JSON document of a run (see docs/runtime.md), with `history` (the
// session's recent runs, oldest first) as "runs".
std::string telemetryJson(const Telemetry &t, const Manifest &m, const std::string &entry,
                          const std::string &deviceOption, const std::vector<RunFigures> &history);
// One line per kernel for --verbose.
std::string telemetrySummary(const Telemetry &t, const Manifest &m);

} // namespace runmat::rt
