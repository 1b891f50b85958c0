// The tracer: executes a parsed program symbolically and records the trace.
//
// Scalars known at compile time are folded; tensors become trace values with
// shapes whose extents may be symbolic (parameters or values derived from
// them); loops stay loops with loop-carried values; control flow on values
// known only at run time stays control flow. Parameters are the variables
// guarded by `if ~exist('X', 'var'), X = <constant>; end` at the top level.
// See docs/language.md for the supported subset and docs/trace-schema.md for
// the output.
#pragma once

#include "runmat/frontend/AST.h"
#include "runmat/trace/Trace.h"

#include <functional>
#include <optional>
#include <string>

namespace runmat::frontend {

struct TraceOptions {
  // Finds the source of a function `name` that is not defined in the program
  // (MATLAB's path lookup); returns {path, text} or nothing. The default looks
  // for name.m beside the program file.
  std::function<std::optional<std::pair<std::string, std::string>>(const std::string &)> findFunction;
};

// Traces a parsed program. Throws CompileError (file:line:col) for anything
// outside the supported subset or ill-typed.
trace::Trace traceProgram(const Program &program, const std::string &sourceText,
                          const TraceOptions &options = {});

// Reads, parses and traces a .m file.
trace::Trace traceFile(const std::string &path, const TraceOptions &options = {});

// The entry name of a program file: its stem (pca.m -> pca).
std::string entryNameFor(const std::string &path);

} // namespace runmat::frontend
