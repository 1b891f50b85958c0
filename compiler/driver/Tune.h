// runmatc tune: compiles a program with the model's schedules into a
// temporary artifact and runs the schedule tuner on it (runmat/tuner).
#pragma once

#include "runmat/tuner/Tuner.h"

#include <string>
#include <vector>

namespace runmat::driver {

struct TuneCommand {
  std::vector<std::string> params; // name=value
  std::string device = "gpu";
  std::string fusion = "on", math = "accurate";
  tuner::TuneOptions tuner;
};

// Returns the process exit status; throws CompileError for user errors.
int tune(const std::string &input, const TuneCommand &command);

} // namespace runmat::driver
