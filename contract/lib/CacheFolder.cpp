#include "runmat/contract/CacheFolder.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace runmat {

std::string cacheFolder() {
  if (const char *d = std::getenv("RUNMAT_CACHE_DIR")) return d;
  if (const char *x = std::getenv("XDG_CACHE_HOME")) return std::string(x) + "/runmat";
  if (const char *h = std::getenv("HOME")) return std::string(h) + "/.cache/runmat";
  return "";
}

std::string cacheFile(const std::string &name) {
  const std::string dir = cacheFolder();
  return dir.empty() ? "" : dir + "/" + name;
}

bool writeCacheFile(const std::string &path, const std::string &data, std::string &error) {
  const std::string dir = path.substr(0, path.rfind('/'));
  for (size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') mkdir(dir.substr(0, i).c_str(), 0755);
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(data.data(), (std::streamsize)data.size());
    if (!out) {
      error = "cannot write " + tmp;
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot rename " + tmp;
    return false;
  }
  return true;
}

} // namespace runmat
