// runmat-run --repeat N: the figures of N runs of one session, reported as a
// VM sees them: the first run apart (it starts the GPU, builds pipelines and
// records command buffers), then the median and the minimum of the others.
#pragma once

#include "runmat/runmat.h"

#include <string>
#include <vector>

namespace runmat::tools {

// One line per figure, for standard error.
std::string repeatReport(const std::vector<rm_run_stats> &runs, const std::string &entry, const std::string &device);

} // namespace runmat::tools
