#include "CalibrationSnapshot.h"

#include "runmat/contract/CacheFolder.h"
#include "../Fnv1a.h"
#include "Calibration.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace runmat::rt {

namespace {

constexpr const char *kMagic = "runmat parsed calibration 1";

std::string snapshotFile(const std::string &file) {
  char name[64];
  std::snprintf(name, sizeof name, "parsed-calibration-%016llx.txt", (unsigned long long)fnv1a(file));
  return cacheFile(name);
}

} // namespace

bool stampOf(const std::string &file, FileStamp &stamp) {
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) return false;
  stamp.size = (long long)st.st_size;
  stamp.mtimeNs = (long long)st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec;
  return true;
}

// Lines: the magic, "<size> <mtime ns>", the version, the key, when
// measured, then measure_seconds and every rate in rateFields()'s order as
// hexadecimal floats (exact).
bool readSnapshot(const std::string &file, const FileStamp &stamp, CalibrationFileContents &out) {
  const std::string path = snapshotFile(file);
  if (path.empty()) return false;
  std::ifstream in(path);
  std::string magic, stampLine, version;
  if (!std::getline(in, magic) || magic != kMagic || !std::getline(in, stampLine) || !std::getline(in, version) ||
      !std::getline(in, out.key) || !std::getline(in, out.measuredAt))
    return false;
  long long size = -1, mtime = -1;
  if (std::sscanf(stampLine.c_str(), "%lld %lld", &size, &mtime) != 2 || size != stamp.size || mtime != stamp.mtimeNs)
    return false;
  char *end = nullptr;
  out.version = (int)std::strtol(version.c_str(), &end, 10);
  if (*end) return false;
  std::string line;
  auto number = [&](double &v) {
    if (!std::getline(in, line)) return false;
    v = std::strtod(line.c_str(), &end);
    return end != line.c_str() && !*end;
  };
  if (!number(out.measureSeconds)) return false;
  for (const RateField &f : rateFields())
    if (!number(out.rates.*f.member)) return false;
  return true;
}

void writeSnapshot(const std::string &file, const FileStamp &stamp, const CalibrationFileContents &c) {
  const std::string path = snapshotFile(file);
  if (path.empty() || c.key.find('\n') != std::string::npos || c.measuredAt.find('\n') != std::string::npos) return;
  std::ostringstream s;
  char v[40];
  s << kMagic << "\n" << stamp.size << " " << stamp.mtimeNs << "\n" << c.version << "\n" << c.key << "\n"
    << c.measuredAt << "\n";
  std::snprintf(v, sizeof v, "%a\n", c.measureSeconds);
  s << v;
  for (const RateField &f : rateFields()) {
    std::snprintf(v, sizeof v, "%a\n", c.rates.*f.member);
    s << v;
  }
  std::string error;
  writeCacheFile(path, s.str(), error); // best effort: without it the YAML is parsed next time too
}

} // namespace runmat::rt
