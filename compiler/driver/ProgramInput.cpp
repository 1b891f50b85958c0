#include "ProgramInput.h"

#include "runmat/frontend/Tracer.h"
#include "runmat/trace/TraceIO.h"

namespace runmat::driver {

static bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isTraceFile(const std::string &path) { return endsWith(path, ".yaml") || endsWith(path, ".yml"); }

trace::Trace loadProgram(const std::string &path) {
  if (isTraceFile(path))
    return trace::readTrace(readFileOrThrow(path), path);
  trace::Trace t = frontend::traceFile(path);
  // The tracer's output must satisfy the same schema a recorded trace does.
  trace::validateTrace(t, path);
  return t;
}

} // namespace runmat::driver
