#include "ProgramMemory.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace runmat::rt {

namespace {

constexpr size_t kMaxPrograms = 256;

std::string memoryFile() {
  std::string dir;
  if (const char *d = std::getenv("RUNMAT_CACHE_DIR")) dir = d;
  else if (const char *x = std::getenv("XDG_CACHE_HOME")) dir = std::string(x) + "/runmat";
  else if (const char *h = std::getenv("HOME")) dir = std::string(h) + "/.cache/runmat";
  return dir.empty() ? "" : dir + "/program-savings.json";
}

nlohmann::json load(const std::string &file) {
  std::ifstream in(file);
  if (!in) return nlohmann::json::object();
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    return j.is_object() ? j : nlohmann::json::object();
  } catch (const std::exception &) {
    return nlohmann::json::object();
  }
}

} // namespace

std::string programKey(const std::string &manifest, const std::string &entry, const std::vector<double> &params) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void *p, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const unsigned char *>(p)[i]) * 1099511628211ull;
  };
  mix(manifest.data(), manifest.size());
  mix(entry.data(), entry.size());
  mix(params.data(), params.size() * sizeof(double));
  char key[24];
  std::snprintf(key, sizeof key, "%016llx", (unsigned long long)h);
  return key;
}

double rememberedSaving(const std::string &key) {
  const std::string file = memoryFile();
  if (file.empty()) return -1;
  nlohmann::json j = load(file);
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : -1;
}

void rememberSaving(const std::string &key, double seconds) {
  const std::string file = memoryFile();
  if (file.empty()) return;
  nlohmann::json j = load(file);
  if (j.size() >= kMaxPrograms && !j.contains(key)) j.erase(j.begin()); // the oldest key first, as good as any
  j[key] = seconds;
  const std::string dir = file.substr(0, file.rfind('/'));
  for (size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') mkdir(dir.substr(0, i).c_str(), 0755);
  const std::string tmp = file + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp);
    out << j.dump() << "\n";
    if (!out) return;
  }
  std::rename(tmp.c_str(), file.c_str());
}

} // namespace runmat::rt
