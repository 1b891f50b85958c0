// runmat-run --repeat N: the figures of N runs of one session, reported as a
// VM sees them: the first run apart (it starts the GPU, builds pipelines and
// records command buffers), then the median and the minimum of the others.
#pragma once

#include "runmat/runmat.h"

#include <string>
#include <vector>

namespace runmat::tools {

// One line per figure, for standard error; `timed`, when given, is one more
// run with timestamps (the others without), which gives the GPU's times.
std::string repeatReport(const std::vector<rm_run_stats> &runs, const rm_run_stats *timed, const std::string &entry,
                         const std::string &device);

} // namespace runmat::tools
