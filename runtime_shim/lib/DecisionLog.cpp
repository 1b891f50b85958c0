#include "DecisionLog.h"

#include "runmat/contract/CacheFolder.h"

#include "runmat/contract/Manifest.h"
#include "Telemetry.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace runmat::rt {

namespace {

std::string decisionsFile() { return cacheFile("last-decisions.json"); }

nlohmann::json entry(const std::string &what, const KernelStats &k) {
  return {{"what", what}, {"device", k.device}, {"code", k.code}, {"reason", k.reason}, {"launches", k.launches},
          {"cpu_estimate_seconds", k.cpuEstimate}, {"gpu_estimate_seconds", k.gpuEstimate}};
}

} // namespace

void keepDecisions(const Telemetry &t, const Manifest &m, const std::string &entryName) {
  const std::string file = decisionsFile();
  if (file.empty() || (t.kernels.empty() && t.library.empty())) return;
  nlohmann::json doc = {{"source", m.source}, {"entry", entryName}, {"calibration", t.calibration}};
  nlohmann::json list = nlohmann::json::array();
  for (const auto &[id, k] : t.kernels) {
    const KernelInfo &info = m.kernels.at((size_t)id);
    list.push_back(entry(info.name + (info.covers.empty() ? "" : " (" + info.covers[0] + ")"), k));
  }
  for (const auto &[name, k] : t.library) list.push_back(entry(name, k));
  doc["decisions"] = list;
  std::string error;
  writeCacheFile(file, doc.dump(2) + "\n", error); // quietly: the log is for accel-info only
}

nlohmann::json lastDecisions() {
  std::ifstream in(decisionsFile());
  if (!in) return nullptr;
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception &) {
    return nullptr;
  }
}

std::string decisionsText(const nlohmann::json &d) {
  if (d.is_null() || !d.contains("decisions")) return "Last run's decisions: none kept yet\n";
  std::string out = "Last run's decisions (" + d.value("source", std::string()) + ", entry " +
                    d.value("entry", std::string()) + "; " + d.value("calibration", std::string()) + "):\n";
  char line[512];
  for (const auto &e : d["decisions"]) {
    std::snprintf(line, sizeof line, "  %-4s %-11s x%-5llu cpu %9.3f ms  gpu %9.3f ms  %s: %s\n",
                  e.value("device", std::string()).c_str(), e.value("code", std::string()).c_str(),
                  (unsigned long long)e.value("launches", 0ull), e.value("cpu_estimate_seconds", 0.0) * 1e3,
                  e.value("gpu_estimate_seconds", 0.0) * 1e3, e.value("what", std::string()).substr(0, 120).c_str(),
                  e.value("reason", std::string()).substr(0, 160).c_str());
    out += line;
  }
  return out;
}

} // namespace runmat::rt
