// rm_accel_info and rm_accel_info_json: what `runmat-run accel-info [--json]`
// prints: the Vulkan devices, the one in use, each device's calibration
// (every value, where it came from, its file), the sizes at which kinds of
// kernels switch device under auto, and the decisions of the last session.
#include "cost/Calibrations.h"
#include "DecisionLog.h"
#include "gpu/GpuDevice.h"
#include "runmat/runmat.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

using namespace runmat;
using namespace runmat::rt;
using nlohmann::json;

namespace {

std::string version(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
         std::to_string(VK_API_VERSION_PATCH(v));
}

json calibrationJson(const Calibration &c) {
  json rates = json::object();
  for (const RateField &f : rateFields()) rates[f.name] = c.rates.*f.member;
  return {{"device", c.device.name}, {"source", c.source}, {"file", c.file}, {"measured", c.measuredAt},
          {"measure_seconds", c.measureSeconds}, {"note", c.note}, {"overrides", c.overrides}, {"rates", rates}};
}

// A kind of kernel the suite has, as the cost model sees one of n points.
struct Shape {
  const char *name;
  double bytesPerPoint, plain, transcendental, draws;
};

// The smallest n (a power of two) at which the GPU's estimate beats the
// CPU's, with the GPU running and counting its start; 0 when never below 2^34.
json switchPoints(const DeviceRates &cpu, const DeviceRates &gpu) {
  const Shape shapes[] = {
      {"elementwise map, 2 operations a point", 8, 2, 0, 0},
      {"reduction (a sum)", 4, 1, 0, 0},
      {"time loop, 256 steps of 7 operations, 2 elementary functions and a normal draw (monte_carlo)", 0,
       7 * 256, 2 * 256, 256},
      {"time loop, 2048 steps of 7 operations and a uniform draw (iir_smoothing)", 0, 7 * 2048, 0, 2048},
  };
  json out = json::array();
  for (const Shape &s : shapes) {
    runmat::KernelInfo flat; // a kernel over n points, as the launcher and the GPU cut it
    flat.rank = 1;
    auto at = [&](const DeviceRates &r, bool onCpu, double n) {
      KernelCost c;
      c.bytesIn = c.bytesOut = 0.5 * s.bytesPerPoint * n;
      c.work = {s.plain * n, s.transcendental * n, s.draws * n};
      const int64_t space[] = {(int64_t)n};
      c.share = onCpu ? cpuShare(r, flat, space, {s.plain, s.transcendental, s.draws}) : gpuShare(r, n);
      return kernelSeconds(r, c);
    };
    double warm = 0, cold = 0;
    for (int e = 0; e <= 34 && (!warm || !cold); ++e) {
      const double n = std::ldexp(1.0, e), c = at(cpu, true, n), g = at(gpu, false, n) + gpu.submitSeconds;
      if (!warm && g < c) warm = n;
      if (!cold && g + processStartSeconds(gpu) < c) cold = n;
    }
    out.push_back({{"kernel", s.name}, {"points_gpu_running", warm}, {"points_gpu_started_for_it", cold}});
  }
  for (double n : {64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0}) {
    const double flops = 2 * n * n * n, bytes = 12 * n * n;
    if (librarySeconds(gpu, LibraryKind::Matmul, flops, bytes) + gpu.submitSeconds <
        librarySeconds(cpu, LibraryKind::Matmul, flops, bytes)) {
      out.push_back({{"kernel", "square matrix product, n x n"}, {"n_gpu_running", n}});
      break;
    }
  }
  return out;
}

json accelInfo() {
  json doc;
  std::string error;
  json devices = json::array();
  for (const GpuDeviceInfo &d : GpuDevice::enumerate(error))
    devices.push_back({{"name", d.name}, {"type", d.type}, {"vulkan", version(d.apiVersion)}, {"usable", d.usable},
                       {"unusable", d.unusable}, {"float64", d.float64}, {"int64", d.int64}, {"int8", d.int8},
                       {"subgroup_arithmetic", d.subgroupArithmetic}});
  doc["vulkan_devices"] = devices;
  doc["vulkan_error"] = error;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  const Calibration &cpu = cpuCalibration(threads, false);
  doc["cpu"] = {{"threads", threads}, {"calibration", calibrationJson(cpu)}};
  GpuDevice *g = GpuDevice::acquire(error);
  if (!g) {
    doc["gpu"] = {{"none", error}};
  } else {
    const char *pick = std::getenv("RUNMAT_DEVICE");
    const TensorCores &tc = g->tensorCores();
    const Calibration &gc = gpuCalibration(*g, false);
    doc["gpu"] = {{"name", g->info().name},
                  {"type", g->info().type},
                  {"chosen", pick && *pick ? "by RUNMAT_DEVICE=" + std::string(pick)
                                           : "as the first of discrete, integrated, virtual, cpu"},
                  {"workgroup", g->workgroupSize()},
                  {"subgroup", g->subgroupSize()},
                  {"shared_memory_kib", g->limits().maxComputeSharedMemorySize / 1024},
                  {"device_memory_gib", (double)g->deviceMemoryBytes() / (1u << 30)},
                  {"timestamp_bits", g->timestampBits()},
                  {"tensor_cores", tc.usable() ? tc.shape() : "no"},
                  {"compute_units", g->computeUnits()},
                  {"compute_units_from", g->computeUnitsProbe().source},
                  {"pipeline_cache", g->pipelineCachePath()},
                  {"start_seconds", g->startSeconds()},
                  {"calibration", calibrationJson(gc)}};
    doc["switch_sizes"] = switchPoints(cpu.rates, gc.rates);
  }
  doc["last_decisions"] = lastDecisions();
  return doc;
}

std::string rateText(const json &c) {
  std::string out = "    source: " + c["source"].get<std::string>();
  if (!c["file"].get<std::string>().empty()) out += ", file " + c["file"].get<std::string>();
  if (!c["measured"].get<std::string>().empty())
    out += ", measured " + c["measured"].get<std::string>() + " in " +
           std::to_string((int)(c["measure_seconds"].get<double>() * 1000)) + " ms";
  out += "\n";
  if (!c["note"].get<std::string>().empty()) out += "    note: " + c["note"].get<std::string>() + "\n";
  for (const auto &o : c["overrides"]) out += "    override: " + o.get<std::string>() + "\n";
  char line[160];
  for (const RateField &f : rateFields()) {
    std::snprintf(line, sizeof line, "    %-22s %12.4g %s\n", f.name, c["rates"][f.name].get<double>(), f.unit);
    out += line;
  }
  return out;
}

std::string accelText(const json &d) {
  std::string text = "Vulkan devices:\n";
  if (!d["vulkan_error"].get<std::string>().empty()) text += "  none: " + d["vulkan_error"].get<std::string>() + "\n";
  int i = 0;
  for (const auto &v : d["vulkan_devices"]) {
    text += "  " + std::to_string(i++) + ": " + v["name"].get<std::string>() + " (" + v["type"].get<std::string>() +
            ", Vulkan " + v["vulkan"].get<std::string>() + ")";
    if (!v["usable"].get<bool>()) {
      text += ": not usable: " + v["unusable"].get<std::string>() + "\n";
      continue;
    }
    auto yn = [&](const char *k) { return v[k].get<bool>() ? std::string("yes") : std::string("no"); };
    text += ": float64 " + yn("float64") + ", int64 " + yn("int64") + ", 8-bit storage " + yn("int8") +
            ", subgroup arithmetic " + yn("subgroup_arithmetic") + "\n";
  }
  const json &g = d["gpu"];
  if (g.contains("none")) {
    text += "GPU: none (" + g["none"].get<std::string>() + "); kernels run on the CPU\n";
  } else {
    char b[400];
    text += "GPU: " + g["name"].get<std::string>() + " (" + g["type"].get<std::string>() + "; chosen " +
            g["chosen"].get<std::string>() + ")\n";
    std::snprintf(b, sizeof b,
                  "  workgroup %d, subgroup %d, shared memory %d KiB, device memory %.1f GiB, timestamps %s\n",
                  g["workgroup"].get<int>(), g["subgroup"].get<int>(), g["shared_memory_kib"].get<int>(),
                  g["device_memory_gib"].get<double>(),
                  g["timestamp_bits"].get<int>() ? ("yes (" + std::to_string(g["timestamp_bits"].get<int>()) +
                                                    " bits)").c_str()
                                                 : "no");
    text += b;
    text += "  tensor cores: " + g["tensor_cores"].get<std::string>() + "\n";
    text += "  compute units: " + std::to_string(g["compute_units"].get<int>()) + " (" +
            g["compute_units_from"].get<std::string>() + ")\n";
    text += "  pipeline cache: " + g["pipeline_cache"].get<std::string>() + "\n";
    std::snprintf(b, sizeof b, "  Vulkan started in %.1f ms in this process\n", g["start_seconds"].get<double>() * 1e3);
    text += b;
  }
  text += "Calibration of the CPU (" + d["cpu"]["calibration"]["device"].get<std::string>() + "):\n" +
          rateText(d["cpu"]["calibration"]);
  if (!g.contains("none")) {
    text += "Calibration of the GPU (" + g["name"].get<std::string>() + "):\n" + rateText(g["calibration"]);
    text += "Sizes at which auto runs a kernel on the GPU (from the calibrations):\n";
    for (const auto &s : d["switch_sizes"]) {
      char b[300];
      if (s.contains("points_gpu_running"))
        std::snprintf(b, sizeof b, "  %s: from %.0f points with the GPU running, %.0f when it must start for it\n",
                      s["kernel"].get<std::string>().c_str(), s["points_gpu_running"].get<double>(),
                      s["points_gpu_started_for_it"].get<double>());
      else
        std::snprintf(b, sizeof b, "  %s: from n = %.0f with the GPU running\n", s["kernel"].get<std::string>().c_str(),
                      s["n_gpu_running"].get<double>());
      text += b;
    }
  }
  text += decisionsText(d["last_decisions"]);
  return text;
}

} // namespace

extern "C" const char *rm_accel_info(void) {
  thread_local std::string text;
  text = accelText(accelInfo());
  return text.c_str();
}

extern "C" const char *rm_accel_info_json(void) {
  thread_local std::string text;
  text = accelInfo().dump(2) + "\n";
  return text.c_str();
}
