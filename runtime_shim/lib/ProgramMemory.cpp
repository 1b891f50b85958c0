#include "ProgramMemory.h"

#include "runmat/contract/CacheFolder.h"
#include "Fnv1a.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace runmat::rt {

namespace {

constexpr size_t kMaxPrograms = 256;

std::string memoryFile() { return cacheFile("program-savings.json"); }

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
  uint64_t h = fnv1a(manifest);
  h = fnv1a(entry, h);
  h = fnv1a(params.data(), params.size() * sizeof(double), h);
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
  std::string error;
  writeCacheFile(file, j.dump() + "\n", error);
}

} // namespace runmat::rt
