#include "Telemetry.h"

#include "Manifest.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace runmat::rt {

void Telemetry::record(int kernel, const std::string &device, const std::string &reason, double seconds,
                       double bytes) {
  KernelStats &k = kernels[kernel];
  if (k.launches == 0) {
    k.device = device;
    k.reason = reason;
  } else if (k.device != device) {
    k.device = "mixed";
  }
  k.launches++;
  k.seconds += seconds;
  k.bytes += bytes;
  launches++;
}

void Telemetry::recordLibrary(const std::string &name, const std::string &device, double seconds, double bytes) {
  KernelStats &k = library[name];
  k.device = device;
  k.launches++;
  k.seconds += seconds;
  k.bytes += bytes;
  launches++;
}

std::string telemetryJson(const Telemetry &t, const Manifest &m, const std::string &entry,
                          const std::string &deviceOption) {
  nlohmann::json doc;
  doc["entry"] = entry;
  doc["source"] = m.source;
  doc["device_option"] = deviceOption;
  doc["launches"] = t.launches;
  doc["wall_seconds"] = t.wallSeconds;
  doc["transfer_bytes"] = t.transferBytes;
  nlohmann::json kernels = nlohmann::json::array();
  for (const auto &[id, k] : t.kernels) {
    const KernelInfo &info = m.kernels.at((size_t)id);
    kernels.push_back({{"id", id},
                       {"name", info.name},
                       {"kind", info.kind},
                       {"covers", info.covers},
                       {"device", k.device},
                       {"reason", k.reason},
                       {"launches", k.launches},
                       {"seconds", k.seconds},
                       {"estimated_seconds", k.estimatedSeconds},
                       {"bytes", k.bytes}});
  }
  doc["kernels"] = kernels;
  nlohmann::json library = nlohmann::json::array();
  for (const auto &[name, k] : t.library)
    library.push_back({{"name", name}, {"device", k.device}, {"calls", k.launches}, {"seconds", k.seconds},
                       {"bytes", k.bytes}});
  doc["library"] = library;
  return doc.dump(2) + "\n";
}

std::string telemetrySummary(const Telemetry &t, const Manifest &m) {
  std::string out;
  char line[512];
  for (const auto &[id, k] : t.kernels) {
    const KernelInfo &info = m.kernels.at((size_t)id);
    std::snprintf(line, sizeof line, "runmat: %-4s %-7s x%-6llu %9.3f ms  %s  [%s]\n", info.name.c_str(),
                  k.device.c_str(), (unsigned long long)k.launches, k.seconds * 1e3,
                  info.covers.empty() ? "" : info.covers[0].c_str(), k.reason.c_str());
    out += line;
  }
  for (const auto &[name, k] : t.library) {
    std::snprintf(line, sizeof line, "runmat: %-11s %-7s x%-6llu %9.3f ms\n", name.c_str(), k.device.c_str(),
                  (unsigned long long)k.launches, k.seconds * 1e3);
    out += line;
  }
  std::snprintf(line, sizeof line, "runmat: %llu launches, %.3f s wall\n", (unsigned long long)t.launches,
                t.wallSeconds);
  return out + line;
}

} // namespace runmat::rt
