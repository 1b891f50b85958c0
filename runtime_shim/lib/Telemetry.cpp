#include "Telemetry.h"

#include "runmat/contract/Manifest.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace runmat::rt {

namespace {

void add(KernelStats &k, const std::string &device, const Decision &d, double seconds, double bytes,
         double transfers) {
  const std::string &reason = d.reason ? *d.reason : std::string();
  if (k.launches == 0) {
    k.device = device;
    k.reason = reason;
  } else if (k.device != device && k.device != "mixed") {
    k.device = "mixed";
    k.reason += "; then " + device + ": " + reason;
  }
  k.launches++;
  if (device == "gpu") k.gpuLaunches++;
  k.seconds += seconds;
  k.bytes += bytes;
  k.estimatedSeconds += device == "gpu" ? d.gpuEstimate : d.cpuEstimate;
  k.transferBytes += transfers;
  k.code = d.code;
  k.cpuEstimate = d.cpuEstimate;
  k.gpuEstimate = d.gpuEstimate;
}

nlohmann::json statsJson(const KernelStats &k) {
  return {{"device", k.device},
          {"reason", k.reason},
          {"decision", {{"code", k.code}, {"cpu_estimate_seconds", k.cpuEstimate}, {"gpu_estimate_seconds", k.gpuEstimate}}},
          {"launches", k.launches},
          {"seconds", k.seconds},
          {"gpu_seconds", k.gpuSeconds},
          {"estimated_seconds", k.estimatedSeconds},
          {"bytes", k.bytes},
          {"transfer_bytes", k.transferBytes}};
}

} // namespace

void Telemetry::record(int kernel, const std::string &device, const Decision &d, double seconds, double bytes,
                       double transfers) {
  add(kernels[kernel], device, d, seconds, bytes, transfers);
  launches++;
}

void Telemetry::recordLibrary(const std::string &name, const std::string &device, const Decision &d, double seconds,
                              double bytes, double transfers) {
  add(library[name], device, d, seconds, bytes, transfers);
  launches++;
}

void Telemetry::addSchedule(std::string &s, const std::string &schedule) {
  if (("; " + s + "; ").find("; " + schedule + "; ") == std::string::npos) s += (s.empty() ? "" : "; ") + schedule;
}

uint64_t Telemetry::scheduleOwner(const char *name) {
  // Library operations apart from kernel ids (which are small).
  uint64_t h = 1ull << 63;
  for (const char *c = name; *c; ++c) h = (h ^ (unsigned char)*c) * 1099511628211ull | (1ull << 63);
  return h;
}

void Telemetry::addGpuTime(int kernel, const std::string &name, double seconds) {
  KernelStats &k = kernel >= 0 ? kernels[kernel] : library[name];
  k.seconds += seconds;
  k.gpuSeconds += seconds;
  gpuSeconds += seconds;
  dispatches++;
}

RunFigures runFigures(const Telemetry &t) {
  RunFigures f;
  f.run = t.run, f.launches = t.launches;
  f.wallSeconds = t.wallSeconds, f.uploadBytes = t.uploadBytes, f.downloadBytes = t.downloadBytes;
  f.gpuSeconds = t.gpuSeconds, f.printSeconds = t.printSeconds;
  f.entrySeconds = t.entrySeconds, f.outputSeconds = t.outputSeconds, f.endSeconds = t.endSeconds;
  f.peakHostBytes = t.peakHostBytes;
  f.gpu = t.gpuRun;
  return f;
}

namespace {

nlohmann::json gpuRunJson(const RunFigures &f) {
  const GpuRunStats &g = f.gpu;
  return {{"timed", g.timed},
          {"dispatches", g.dispatches},
          {"submits", g.submits},
          {"waits", g.waits},
          {"replayed_segments", g.replayedSegments},
          {"recorded_segments", g.recordedSegments},
          {"fresh_buffers", g.freshBuffers},
          {"kernel_seconds", f.gpuSeconds},
          {"span_seconds", g.spanSeconds},
          {"idle_seconds", g.idleSeconds},
          {"peak_device_bytes", g.peakDeviceBytes},
          {"peak_tensor_bytes", g.peakTensorBytes},
          {"pipeline_cache_hits", g.pipelineHits},
          {"pipeline_cache_misses", g.pipelineMisses},
          {"held_device_bytes", g.heldDeviceBytes},
          {"held_host_bytes", g.heldHostBytes}};
}

nlohmann::json hostJson(const RunFigures &f) {
  const GpuRunStats &g = f.gpu;
  return {{"entry_seconds", f.entrySeconds},
          {"output_seconds", f.outputSeconds},
          {"end_seconds", f.endSeconds},
          {"wait_seconds", g.waitSeconds},
          {"submit_seconds", g.submitSeconds},
          {"record_seconds", g.recordSeconds},
          {"print_seconds", f.printSeconds},
          {"gpu_start_seconds", g.startSeconds},
          {"pipeline_seconds", g.pipelineSeconds}};
}

nlohmann::json runJson(const RunFigures &f) {
  return {{"run", f.run},
          {"wall_seconds", f.wallSeconds},
          {"launches", f.launches},
          {"peak_host_bytes", f.peakHostBytes},
          {"upload_bytes", f.uploadBytes},
          {"download_bytes", f.downloadBytes},
          {"host", hostJson(f)},
          {"gpu", gpuRunJson(f)}};
}

} // namespace

std::string telemetryJson(const Telemetry &t, const Manifest &m, const std::string &entry,
                          const std::string &deviceOption, const std::vector<RunFigures> &history) {
  nlohmann::json doc;
  doc["schema"] = 2;
  doc["entry"] = entry;
  doc["source"] = m.source;
  doc["math"] = m.math;
  doc["device_option"] = deviceOption;
  doc["run"] = t.run;
  doc["launches"] = t.launches;
  doc["wall_seconds"] = t.wallSeconds;
  doc["peak_host_bytes"] = t.peakHostBytes;
  const RunFigures figures = runFigures(t);
  doc["host"] = hostJson(figures);
  nlohmann::json gpu = gpuRunJson(figures);
  gpu["device"] = t.gpuDevice;
  gpu["identity"] = t.gpuIdentity;
  gpu["note"] = t.gpuNote;
  gpu["upload_bytes"] = t.uploadBytes;
  gpu["download_bytes"] = t.downloadBytes;
  doc["gpu"] = gpu;
  doc["transfer_bytes"] = t.transferBytes;
  doc["calibration"] = t.calibration;
  nlohmann::json kernels = nlohmann::json::array();
  for (const auto &[id, k] : t.kernels) {
    const KernelInfo &info = m.kernels.at((size_t)id);
    nlohmann::json j = statsJson(k);
    j["id"] = id;
    j["name"] = info.name;
    j["kind"] = info.kind;
    j["covers"] = info.covers;
    if (!k.schedule.empty()) j["schedule"] = k.schedule;
    if (!k.schedules.empty()) {
      nlohmann::json list = nlohmann::json::array();
      for (const ScheduleRecord &r : k.schedules) {
        nlohmann::json s = {{"form", r.form}};
        if (!r.source.empty()) s["source"] = r.source;
        auto put = [&](const char *key, int64_t v) {
          if (v) s[key] = v;
        };
        put("workgroup_size", r.workgroupSize);
        put("workgroups", r.workgroups);
        put("residues", r.residues);
        put("outputs_per_group", r.outputsPerGroup);
        put("lanes", r.lanes);
        put("slices", r.slices);
        list.push_back(s);
      }
      j["schedules"] = list;
    }
    if (k.points) j["points"] = k.points;
    kernels.push_back(j);
  }
  doc["kernels"] = kernels;
  nlohmann::json library = nlohmann::json::array();
  for (const auto &[name, k] : t.library) {
    nlohmann::json j = statsJson(k);
    j["name"] = name;
    j["calls"] = k.launches;
    if (!k.schedule.empty()) j["schedule"] = k.schedule;
    library.push_back(j);
  }
  doc["library"] = library;
  nlohmann::json runs = nlohmann::json::array();
  for (const RunFigures &r : history) runs.push_back(runJson(r));
  doc["runs"] = runs;
  return doc.dump(2) + "\n";
}

std::string telemetrySummary(const Telemetry &t, const Manifest &m) {
  std::string out;
  char line[768];
  auto row = [&](const std::string &name, const KernelStats &k, const std::string &covers) {
    std::snprintf(line, sizeof line, "runmat: %-7s %-5s x%-6llu %9.3f ms (est %8.3f)  %s  [%s]\n", name.c_str(),
                  k.device.c_str(), (unsigned long long)k.launches, k.seconds * 1e3, k.estimatedSeconds * 1e3,
                  covers.c_str(), k.reason.c_str());
    out += line;
  };
  for (const auto &[id, k] : t.kernels) {
    const KernelInfo &info = m.kernels.at((size_t)id);
    std::string covers = info.covers.empty() ? "" : info.covers[0];
    row(info.name, k, k.schedule.empty() ? covers : covers + " (" + k.schedule + ")");
  }
  for (const auto &[name, k] : t.library) row(name, k, k.schedule.empty() ? "library" : "library: " + k.schedule);
  if (!t.gpuDevice.empty()) {
    const GpuRunStats &g = t.gpuRun;
    std::snprintf(line, sizeof line,
                  "runmat: GPU %s: %llu dispatches, %.3f ms kernel time, %.1f MB up, %.1f MB down\n"
                  "runmat: GPU %llu submits (%llu command buffers replayed, %llu recorded), %llu waits (%.3f ms), "
                  "idle %.3f ms between dispatches, peak %.1f MB held for %.1f MB of tensors\n",
                  t.gpuDevice.c_str(), (unsigned long long)g.dispatches, t.gpuSeconds * 1e3, t.uploadBytes / 1e6,
                  t.downloadBytes / 1e6, (unsigned long long)g.submits, (unsigned long long)g.replayedSegments,
                  (unsigned long long)g.recordedSegments, (unsigned long long)g.waits, g.waitSeconds * 1e3,
                  g.idleSeconds * 1e3, (double)g.peakDeviceBytes / 1e6, (double)g.peakTensorBytes / 1e6);
    out += line;
  }
  if (!t.gpuNote.empty()) out += "runmat: GPU: " + t.gpuNote + "\n";
  std::snprintf(line, sizeof line, "runmat: %llu launches, %.3f s wall\n", (unsigned long long)t.launches,
                t.wallSeconds);
  return out + line;
}

} // namespace runmat::rt
