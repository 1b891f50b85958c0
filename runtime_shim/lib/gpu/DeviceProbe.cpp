#include "DeviceProbe.h"

#include "../Fnv1a.h"

#include "runmat/contract/CacheFolder.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace runmat::rt {

namespace {

std::string env(const char *name) {
  const char *v = std::getenv(name);
  return v ? v : "";
}

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

// The folders of driver manifests the Vulkan loader would read (its search
// order on Linux), by inode and modification time: installing, removing or
// replacing a manifest (package managers write a new file and rename it)
// changes its folder's. One stat a folder, not a listing and a stat a
// file: auto reads this in every process, and on a sandboxed machine each
// call costs tens of microseconds.
std::string driverFingerprint() {
  std::string fp = "files=" + env("VK_DRIVER_FILES") + env("VK_ICD_FILENAMES") + ";dev=" + env("RUNMAT_DEVICE") +
                   ";loader=" + env("RUNMAT_VULKAN_LOADER") + ";";
  std::vector<std::string> dirs;
  std::string home = env("HOME");
  std::string config = env("XDG_CONFIG_HOME").empty() ? home + "/.config" : env("XDG_CONFIG_HOME");
  std::string data = env("XDG_DATA_HOME").empty() ? home + "/.local/share" : env("XDG_DATA_HOME");
  dirs.push_back(config);
  for (const std::string &d : split(env("XDG_CONFIG_DIRS").empty() ? "/etc/xdg" : env("XDG_CONFIG_DIRS"), ':'))
    dirs.push_back(d);
  dirs.push_back("/etc");
  dirs.push_back(data);
  for (const std::string &d : split(env("XDG_DATA_DIRS").empty() ? "/usr/local/share:/usr/share" : env("XDG_DATA_DIRS"), ':'))
    dirs.push_back(d);
  for (const std::string &d : dirs) {
    const std::string dir = d + "/vulkan/icd.d";
    struct stat st {};
    if (stat(dir.c_str(), &st) != 0) continue;
    fp += dir + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
          std::to_string(st.st_mtim.tv_nsec) + ";";
  }
  return fp;
}

std::string probeFile() {
  const std::string dir = cacheFolder();
  if (dir.empty()) return "";
  const uint64_t h = fnv1a(driverFingerprint());
  char name[64];
  std::snprintf(name, sizeof name, "/device-%016llx.txt", (unsigned long long)h);
  return dir + name;
}

} // namespace

ProbedDevice rememberedDevice() {
  ProbedDevice p;
  if (!env("RUNMAT_GPU_FAULT").empty()) return p; // simulated faults are not the machine's
  std::ifstream in(probeFile());
  std::string flags;
  if (!in || !std::getline(in, p.type) || !std::getline(in, p.name)) return p;
  std::getline(in, flags);
  std::getline(in, p.key);
  p.features.float64 = flags.find("float64") != std::string::npos;
  p.features.int64 = flags.find("int64") != std::string::npos;
  p.features.int8 = flags.find("int8") != std::string::npos;
  p.features.subgroupArithmetic = flags.find("subgroup") != std::string::npos;
  p.known = true;
  return p;
}

namespace {
std::string probeText(const ProbedDevice &d) {
  const GpuFeatures &f = d.features;
  return d.type + "\n" + d.name + "\n" + (f.float64 ? "float64 " : "") + (f.int64 ? "int64 " : "") +
         (f.int8 ? "int8 " : "") + (f.subgroupArithmetic ? "subgroup" : "") + "\n" + d.key + "\n";
}
} // namespace

void rememberDevice(const ProbedDevice &device) {
  if (!env("RUNMAT_GPU_FAULT").empty()) return;
  std::string file = probeFile();
  if (file.empty()) return;
  const std::string text = probeText(device);
  {
    std::ifstream in(file);
    std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (old == text) return;
  }
  std::string error;
  writeCacheFile(file, text, error);
}

} // namespace runmat::rt
