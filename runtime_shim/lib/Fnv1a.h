// FNV-1a, 64 bits: the shim's one hash for names of cache files and keys
// (the pipeline cache, calibration files, the device probe, program keys).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace runmat::rt {

constexpr uint64_t kFnvOffset = 1469598103934665603ull;

inline uint64_t fnv1a(const void *data, size_t bytes, uint64_t h = kFnvOffset) {
  const unsigned char *p = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

inline uint64_t fnv1a(const std::string &s, uint64_t h = kFnvOffset) { return fnv1a(s.data(), s.size(), h); }

} // namespace runmat::rt
