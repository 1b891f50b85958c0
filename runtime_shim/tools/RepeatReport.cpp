#include "RepeatReport.h"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace runmat::tools {

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

} // namespace

std::string repeatReport(const std::vector<rm_run_stats> &runs, const rm_run_stats *timed, const std::string &entry,
                         const std::string &device) {
  std::string out;
  char line[256];
  if (runs.empty()) return out;
  const rm_run_stats &first = runs[0];
  const std::vector<rm_run_stats> warm(runs.begin() + (runs.size() > 1 ? 1 : 0), runs.end());
  std::snprintf(line, sizeof line, "runmat-run: %zu runs of %s (--device %s); runs %s\n", runs.size(), entry.c_str(),
                device.c_str(), runs.size() > 1 ? ("2.." + std::to_string(runs.size())).c_str() : "1");
  out += line;
  std::snprintf(line, sizeof line, "  %-28s %12s %12s %12s\n", "", "first run", "median", "min");
  out += line;
  auto row = [&](const char *name, const char *unit, double scale, const std::function<double(const rm_run_stats &)> &f) {
    std::vector<double> v;
    for (const rm_run_stats &r : warm) v.push_back(f(r));
    const double lowest = *std::min_element(v.begin(), v.end());
    std::snprintf(line, sizeof line, "  %-28s %9.3f %-2s %9.3f %-2s %9.3f %-2s\n", name, f(first) * scale, unit,
                  median(v) * scale, unit, lowest * scale, unit);
    out += line;
  };
  auto count = [&](const char *name, const std::function<uint64_t(const rm_run_stats &)> &f) {
    std::vector<double> v;
    for (const rm_run_stats &r : warm) v.push_back((double)f(r));
    std::snprintf(line, sizeof line, "  %-28s %12llu %12.0f %12.0f\n", name, (unsigned long long)f(first), median(v),
                  *std::min_element(v.begin(), v.end()));
    out += line;
  };
  row("wall", "ms", 1e3, [](const rm_run_stats &r) { return r.wall_seconds; });
  const bool gpu = first.dispatches > 0 || warm.back().dispatches > 0;
  if (gpu && !timed) {
    row("GPU kernels", "ms", 1e3, [](const rm_run_stats &r) { return r.gpu_kernel_seconds; });
    row("GPU idle between dispatches", "ms", 1e3, [](const rm_run_stats &r) { return r.gpu_idle_seconds; });
    row("wall beyond GPU kernels", "ms", 1e3,
        [](const rm_run_stats &r) { return r.wall_seconds - r.gpu_kernel_seconds; });
  }
  if (gpu) {
    row("host waiting for the GPU", "ms", 1e3, [](const rm_run_stats &r) { return r.host_wait_seconds; });
    row("starting the GPU", "ms", 1e3, [](const rm_run_stats &r) { return r.gpu_start_seconds; });
    count("dispatches", [](const rm_run_stats &r) { return r.dispatches; });
    count("submits", [](const rm_run_stats &r) { return r.submits; });
    count("waits", [](const rm_run_stats &r) { return r.waits; });
    count("command buffers replayed", [](const rm_run_stats &r) { return r.replayed_segments; });
    count("command buffers recorded", [](const rm_run_stats &r) { return r.recorded_segments; });
    row("peak device memory", "MB", 1e-6, [](const rm_run_stats &r) { return (double)r.peak_device_bytes; });
    row("peak tensors on the device", "MB", 1e-6, [](const rm_run_stats &r) { return (double)r.peak_tensor_bytes; });
    row("downloaded", "kB", 1e-3, [](const rm_run_stats &r) { return (double)r.download_bytes; });
  }
  count("launches", [](const rm_run_stats &r) { return r.launches; });
  if (gpu && timed) {
    std::vector<double> walls;
    for (const rm_run_stats &r : warm) walls.push_back(r.wall_seconds);
    std::snprintf(line, sizeof line,
                  "  one more run, timed: GPU kernels %.3f ms, idle between dispatches %.3f ms, wall %.3f ms; "
                  "median untimed wall beyond those kernels %.3f ms\n",
                  timed->gpu_kernel_seconds * 1e3, timed->gpu_idle_seconds * 1e3, timed->wall_seconds * 1e3,
                  (median(walls) - timed->gpu_kernel_seconds) * 1e3);
    out += line;
  }
  return out;
}

} // namespace runmat::tools
