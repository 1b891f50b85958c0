// What runmatc reads: a .m program (traced here) or a recorded trace (.yaml).
#pragma once

#include "runmat/trace/Trace.h"

#include <string>

namespace runmat::driver {

// Loads `path` as a trace: .yaml/.yml files are read and validated, anything
// else is parsed and traced as a MATLAB program. Throws CompileError.
trace::Trace loadProgram(const std::string &path);

bool isTraceFile(const std::string &path);

} // namespace runmat::driver
