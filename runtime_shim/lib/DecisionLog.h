// The decisions of a session's last run, kept in the cache folder when the
// session ends (last-decisions.json), for `runmat-run accel-info`: per
// kernel and library operation, where it ran, the reason's code and text,
// and both estimates.
#pragma once

#include "runmat/contract/Manifest.h"

#include <nlohmann/json.hpp>

#include <string>

namespace runmat::rt {

struct Telemetry;

void keepDecisions(const Telemetry &t, const Manifest &m, const std::string &entry);
nlohmann::json lastDecisions();
std::string decisionsText(const nlohmann::json &decisions);

} // namespace runmat::rt
