// One run of a session's entry: parameters checked before any work, the
// entry called with its inputs, outputs copied out (all with one wait for
// what the GPU holds), the GPU's work finished, the telemetry completed; a
// run the GPU lost under auto runs again on the CPU.
#include "Session.h"

#include "ProgramMemory.h"
#include "gpu/GpuBackend.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace runmat::rt {

namespace {

using Clock = std::chrono::steady_clock;

ThreadPool &globalPool() {
  static ThreadPool pool;
  return pool;
}

std::string formatBytes(double b) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (b >= 1024 && u < 6) {
    b /= 1024;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %s", b, units[u]);
  return buf;
}

double physicalMemory() {
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}

struct RunOutcome {
  rm_status status = RM_OK;
  std::string message;
  bool deviceLost = false;
  uint64_t prints = 0, launches = 0;
  Telemetry telemetry;
};

// The outputs, as contiguous host copies: device data comes back with one wait.
void copyOutputs(runmat_exec &x, rm_session *s, void **outputs) {
  const EntryInfo &e = *s->entry;
  std::vector<Tensor *> copies;
  for (size_t i = 0; i < e.outputs.size(); ++i) {
    Tensor *t = static_cast<Tensor *>(outputs[i]);
    copies.push_back(t->contiguous() && t->offset == 0 ? t : contiguousCopy(&x, t));
  }
  hostReadAll(&x, copies.data(), copies.size());
  for (size_t i = 0; i < copies.size(); ++i) {
    Tensor *t = static_cast<Tensor *>(outputs[i]), *c = copies[i];
    OutputCopy o;
    o.name = e.outputs[i];
    o.dtype = t->dtype;
    o.dims.assign(t->dims, t->dims + t->rank);
    const char *data = c->base();
    o.data.assign(data, data + c->numel() * (int64_t)dtypeSize(c->dtype));
    if (c != t) releaseTensor(&x, c);
    releaseTensor(&x, t);
    s->outputs.push_back(std::move(o));
  }
}

// One run of the entry under a device policy; prints before `skipPrints`
// are suppressed (a rerun after the device was lost).
RunOutcome runEntry(rm_session *s, const std::vector<double> &params, DevicePolicy policy, uint64_t skipPrints) {
  const EntryInfo &e = *s->entry;
  RunOutcome outcome;
  runmat_exec x;
  x.artifact = s->artifact;
  x.pool = &globalPool();
  x.maxThreads = s->threads;
  x.cache = &s->cache;
  x.policy = policy;
  x.verbose = s->verbose;
  x.schedules = &s->schedules;
  x.devices = &s->devices;
  // Timestamps cost the GPU about 2 us a dispatch (pca's 62: 0.12 ms on the
  // H200): taken when asked for, or when the run's figures are wanted.
  x.timed = s->timing == "on" || (s->timing == "auto" && (s->verbose || !s->telemetry.empty()));
  x.telemetry.run = s->runs;
  uint64_t prints = 0;
  x.print = [s, &prints, skipPrints, &x](const std::string &t) {
    if (prints++ < skipPrints) return;
    auto started = Clock::now();
    if (s->printFn) s->printFn(t.data(), t.size(), s->printUser);
    else s->text += t;
    x.telemetry.printSeconds += std::chrono::duration<double>(Clock::now() - started).count();
  };
  s->outputs.clear();
  // A GPU the session already runs serves this run from the start.
  if (policy != DevicePolicy::Cpu)
    if (GpuBackend *g = s->devices.gpu()) {
      x.gpu = g;
      g->beginRun(x.timed);
    }
  std::jmp_buf jump;
  x.failJump = &jump;
  x.cache->resetPeak();
  auto started = Clock::now();
  std::vector<void *> inputs(e.inputs.size()), outputs(e.outputs.size(), nullptr);
  if (setjmp(jump) == 0) {
    for (size_t i = 0; i < e.inputs.size(); ++i) {
      Tensor *t = newTensor(&x, s->inputDtype[i], (int)s->inputDims[i].size(), s->inputDims[i].data());
      std::memcpy(hostWrite(&x, t), s->inputData[i].data(), s->inputData[i].size());
      inputs[i] = t;
    }
    auto entered = Clock::now();
    s->artifact->desc->entries[e.index](&x, params.data(), inputs.data(), outputs.data());
    auto returned = Clock::now();
    x.telemetry.entrySeconds = std::chrono::duration<double>(returned - entered).count();
    for (void *in : inputs) releaseTensor(&x, static_cast<Tensor *>(in));
    inputs.clear();
    copyOutputs(x, s, outputs.data());
    x.telemetry.outputSeconds = std::chrono::duration<double>(Clock::now() - returned).count();
  }
  auto ending = Clock::now();
  x.telemetry.peakHostBytes = x.cache->peakBytes();
  // Whatever the run still holds (after a failure) goes back now; then the
  // GPU finishes, and its timestamps complete the telemetry.
  for (Tensor *t : std::vector<Tensor *>(x.live.begin(), x.live.end())) {
    releaseStorage(t->storage);
    delete t;
  }
  if (x.gpu) {
    if (!x.gpu->endRun(x.telemetry) && x.failStatus == RM_OK) {
      x.failStatus = RM_ERR_RUNTIME;
      x.failMessage = "the GPU failed at the end of the run: " + x.gpu->stream().error();
      x.deviceLost = x.gpu->device().lost();
    }
  } else if (policy == DevicePolicy::Auto && s->devices.gpuFailed()) {
    x.telemetry.gpuNote = "no GPU: " + s->devices.gpuUnavailable();
  }
  x.telemetry.endSeconds = std::chrono::duration<double>(Clock::now() - ending).count();
  x.telemetry.wallSeconds = std::chrono::duration<double>(Clock::now() - started).count();
  x.telemetry.launches = x.launches;
  outcome.status = x.failStatus;
  outcome.message = x.failMessage;
  outcome.deviceLost = x.deviceLost;
  outcome.prints = prints;
  outcome.launches = x.launches;
  outcome.telemetry = std::move(x.telemetry);
  if (outcome.status != RM_OK) s->outputs.clear();
  return outcome;
}

// The figures of a run for rm_session_last_run.
rm_run_stats runStats(const Telemetry &t, double wall) {
  rm_run_stats r{};
  r.size = sizeof r;
  r.run = t.run;
  r.wall_seconds = wall;
  r.gpu_kernel_seconds = t.gpuSeconds;
  r.gpu_span_seconds = t.gpuRun.spanSeconds;
  r.gpu_idle_seconds = t.gpuRun.idleSeconds;
  r.host_wait_seconds = t.gpuRun.waitSeconds;
  r.gpu_start_seconds = t.gpuRun.startSeconds;
  r.launches = t.launches;
  r.dispatches = t.gpuRun.dispatches;
  r.submits = t.gpuRun.submits;
  r.waits = t.gpuRun.waits;
  r.replayed_segments = t.gpuRun.replayedSegments;
  r.recorded_segments = t.gpuRun.recordedSegments;
  r.upload_bytes = (uint64_t)t.uploadBytes;
  r.download_bytes = (uint64_t)t.downloadBytes;
  r.peak_device_bytes = t.gpuRun.peakDeviceBytes;
  r.peak_tensor_bytes = t.gpuRun.peakTensorBytes;
  r.held_device_bytes = t.gpuRun.heldDeviceBytes;
  return r;
}

// Whether the buffers a run allocates fit in this machine's memory: their
// sizes come from the artifact's compiled runmat_sizes_fn of the entry.
rm_status checkBuffers(const runmat_artifact_desc &desc, const EntryInfo &e, const std::vector<double> &params,
                       std::string &error) {
  if (e.buffers.empty()) return RM_OK;
  std::vector<double> sizes(e.buffers.size());
  desc.entry_buffers[e.index](params.data(), sizes.data());
  const double memory = physicalMemory();
  for (size_t i = 0; i < sizes.size(); ++i) {
    const double bytes = sizes[i];
    const std::string &expr = e.buffers[i];
    if (!std::isfinite(bytes) || bytes > 9.0e18) {
      error = "the parameters make a buffer of " + expr + " bytes, which overflows";
      return RM_ERR_MEMORY;
    }
    if (memory > 0 && bytes > memory) {
      error = "the parameters need a buffer of " + formatBytes(bytes) + " (" + expr +
              " bytes), more than this machine's " + formatBytes(memory) + " of memory";
      return RM_ERR_MEMORY;
    }
  }
  return RM_OK;
}

// How many runs' figures a session keeps for its telemetry.
constexpr size_t kHistory = 1024;

} // namespace

rm_status runSession(rm_session *s, std::string &error) {
  auto started = Clock::now();
  const EntryInfo &e = *s->entry;
  // Parameters: defaults, overrides, and the checks that come before any work.
  std::vector<double> params;
  for (const ParamInfo &p : e.params) {
    if (!p.isUser()) { // from the environment, or whether the user bound a parameter
      try {
        params.push_back(p.source.value(s->params.count(p.source.var) != 0));
      } catch (const std::exception &ex) {
        error = std::string("parameter '") + p.name + "': " + ex.what();
        return RM_ERR_ARGUMENT;
      }
      continue;
    }
    auto it = s->params.find(p.name);
    double v = it != s->params.end() ? it->second : p.defaultValue;
    // A default the program computes (NaN here) is checked where it is used.
    bool computedDefault = it == s->params.end() && std::isnan(p.defaultValue);
    if (p.isSize && !computedDefault && (!std::isfinite(v) || v != std::floor(v) || v < 0 || v > 9.0e15)) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      error = "parameter '" + p.name + "' is used as a size or an index and must be a non-negative integer, got " + buf;
      return RM_ERR_ARGUMENT;
    }
    params.push_back(v);
  }
  // The buffers' sizes depend on the parameters only: checked when they change.
  if (s->runs == 0 || params != s->checkedParams) {
    if (rm_status status = checkBuffers(*s->artifact->desc, e, params, error); status != RM_OK) return status;
    s->checkedParams = params;
  }
  for (size_t i = 0; i < e.inputs.size(); ++i)
    if (!s->inputBound[i]) {
      error = "input '" + e.inputs[i].name + "' is not bound";
      return RM_ERR_ARGUMENT;
    }

  s->runs++;
  s->text.clear();
  // Which program and parameters auto may remember a saving of (read only when a decision needs it).
  const bool autoPolicy = s->device == "auto";
  if (autoPolicy && s->runs == 1) s->devices.programKey = programKey(s->artifact->desc->manifest, e.name, params);
  // Views of the last run's outputs stay valid while this run happens.
  s->previousOutputs = std::move(s->outputs);
  s->outputs.clear();
  DevicePolicy policy = s->device == "cpu" ? DevicePolicy::Cpu : s->device == "gpu" ? DevicePolicy::Gpu
                                                                                    : DevicePolicy::Auto;
  RunOutcome outcome = runEntry(s, params, policy, 0);
  if (outcome.deviceLost && policy == DevicePolicy::Auto) {
    // The device's data is gone: run again on the CPU. The program is
    // deterministic, so what it printed before is not printed twice.
    if (s->verbose) std::fprintf(stderr, "runmat: %s; running again on the CPU\n", outcome.message.c_str());
    RunOutcome again = runEntry(s, params, DevicePolicy::Cpu, outcome.prints);
    again.telemetry.gpuNote = outcome.message + "; ran again on the CPU";
    outcome = std::move(again);
  }
  s->launches = outcome.launches;
  if (autoPolicy && s->runs == 1 && outcome.status == RM_OK)
    if (const double saved = s->devices.programSavingThisRun;
        saved > 0 && std::abs(saved - s->devices.rememberedSaving()) > 0.2 * saved)
      rememberSaving(s->devices.programKey, saved);
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();
  s->devices.cpuSeen.endRun(wall, outcome.telemetry.gpuRun.startSeconds > 0, outcome.telemetry.gpuRun.dispatches,
                           params);
  s->devices.endRun();
  s->lastStats = runStats(outcome.telemetry, wall);
  s->history.push_back(runFigures(outcome.telemetry));
  if (s->history.size() > kHistory) s->history.pop_front();
  s->last = std::move(outcome.telemetry);
  s->previousOutputs.clear();
  if (s->verbose) std::fputs(telemetrySummary(s->last, s->artifact->manifest).c_str(), stderr);
  if (!s->telemetry.empty()) {
    std::ofstream out(s->telemetry);
    if (out) out << sessionTelemetry(s);
  }
  if (outcome.status != RM_OK) {
    s->outputs.clear();
    error = outcome.message;
    return outcome.status;
  }
  return RM_OK;
}

std::string sessionTelemetry(const rm_session *s) {
  return telemetryJson(s->last, s->artifact->manifest, s->entry->name, s->device,
                       std::vector<RunFigures>(s->history.begin(), s->history.end()));
}

} // namespace runmat::rt
