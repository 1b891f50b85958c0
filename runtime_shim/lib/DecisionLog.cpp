#include "DecisionLog.h"

#include "Manifest.h"
#include "Telemetry.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace runmat::rt {

namespace {

std::string decisionsFile() {
  std::string dir;
  if (const char *d = std::getenv("RUNMAT_CACHE_DIR")) dir = d;
  else if (const char *x = std::getenv("XDG_CACHE_HOME")) dir = std::string(x) + "/runmat";
  else if (const char *h = std::getenv("HOME")) dir = std::string(h) + "/.cache/runmat";
  return dir.empty() ? "" : dir + "/last-decisions.json";
}

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
  const std::string dir = file.substr(0, file.rfind('/'));
  for (size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') mkdir(dir.substr(0, i).c_str(), 0755);
  const std::string tmp = file + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp);
    out << doc.dump(2) << "\n";
    if (!out) return;
  }
  std::rename(tmp.c_str(), file.c_str());
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
