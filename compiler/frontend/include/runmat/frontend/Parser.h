// Recursive-descent parser for the MATLAB subset; see docs/language.md.
#pragma once

#include "runmat/frontend/AST.h"
#include "runmat/frontend/Lexer.h"

namespace runmat::frontend {

// Parses a whole file. Throws CompileError (file:line:col) on a syntax error.
// `break`, `continue` and `return` come back rewritten as flags (EarlyExits.h).
Program parseProgram(const std::string &source, const std::string &fileName);

} // namespace runmat::frontend
