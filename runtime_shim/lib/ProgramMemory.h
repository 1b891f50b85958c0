// What auto remembers of a program between processes: how much the GPU
// saved (or would have saved) in a run of it with these parameters, kept in
// the cache folder (program-savings.json). A new process's first run starts
// the GPU at once when that saving pays for the start, instead of finding
// out kernel by kernel (pca's first kernel alone does not pay for it; its
// Gram product does, after the matrix was drawn on the CPU).
#pragma once

#include "runmat/contract/Manifest.h"

#include <string>
#include <vector>

namespace runmat::rt {


// The program's identity for the memory: its manifest, entry and parameters.
std::string programKey(const std::string &manifest, const std::string &entry, const std::vector<double> &params);
// The saving kept for `key` (negative when none).
double rememberedSaving(const std::string &key);
void rememberSaving(const std::string &key, double seconds);

} // namespace runmat::rt
