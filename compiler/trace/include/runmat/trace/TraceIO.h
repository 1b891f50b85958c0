// Reading, writing and validating traces (YAML, schema v1).
#pragma once

#include "runmat/trace/Trace.h"

#include <string>

namespace runmat::trace {

// Canonical YAML text of a trace. Writing a trace that was read from canonical
// text gives that text back byte for byte (the round trip is lossless).
std::string writeTrace(const Trace &trace);

// Parses YAML text into a trace and validates it (see validateTrace). Errors are
// CompileErrors located at `fileName`:line:column of the offending YAML node,
// naming the node's path (e.g. entries[0].body[3]) and, for ops, the op.
Trace readTrace(const std::string &text, const std::string &fileName);

// Checks a trace: ids defined before use and unique, ops known with the right
// operands, attributes, results and regions, and types consistent with the
// typing rules (TypeRules.h). Throws CompileError on the first problem.
void validateTrace(const Trace &trace, const std::string &fileName);

// Shortest decimal text that reads back as exactly `v` ("0.1", "200000",
// ".inf", "-.inf", ".nan" as YAML spells them).
std::string formatNumber(double v);

} // namespace runmat::trace
