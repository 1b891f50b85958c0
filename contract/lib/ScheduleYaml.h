// A kernel schedule in YAML, as the manifest and the tuning database both
// spell it (keys in ManifestKeys.h).
#pragma once

#include "runmat/contract/KernelSchedule.h"
#include "runmat/contract/YamlTree.h"

#include <yaml-cpp/yaml.h>

namespace runmat {

void writeSchedule(YAML::Emitter &y, const KernelSchedule &s);
// Throws std::runtime_error on a missing or invalid value.
KernelSchedule readSchedule(const YamlNode &n);

} // namespace runmat
