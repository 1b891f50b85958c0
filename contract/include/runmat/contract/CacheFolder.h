// The runmat cache folder ($RUNMAT_CACHE_DIR, else $XDG_CACHE_HOME/runmat,
// else ~/.cache/runmat) and the one way files are written there: whole, to
// a temporary name first, then renamed, so that a reader never sees half a
// file and two processes never interleave theirs. Shared by the shim
// (calibrations, pipeline caches, decisions) and the compiler (tuning
// databases).
#pragma once

#include <string>

namespace runmat {

// "" when there is none (no variable names one).
std::string cacheFolder();
// A file of the cache folder ("" when there is none).
std::string cacheFile(const std::string &name);
// Writes `data` to `path`, making its folders; false with `error` set.
bool writeCacheFile(const std::string &path, const std::string &data, std::string &error);

} // namespace runmat
