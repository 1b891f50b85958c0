// Internal: `break`, `continue` and `return` rewritten into flag variables,
// so that the tracer sees only structured control flow (if, for, while),
// as MLIR's scf dialect has no early exits either.
#pragma once

#include "runmat/frontend/AST.h"

namespace runmat::frontend {

// Rewrites every function body and the script of `program` in place:
//  - `break` sets the loop's flag `.brkN` and `continue` its `.contN`;
//    `return` sets `.ret`; the statements after one that may set a flag run
//    under `if ~(flags)`;
//  - a `while` loop that may break or return tests the flags first
//    (`while ~(.brkN || .ret) && cond`, short-circuited); a `for` loop runs
//    its remaining iterations as no-ops, and assigns its variable from a
//    hidden one only while running, so the variable keeps the value it had
//    at the `break`, as in MATLAB;
//  - a loop's `.contN` is cleared at the start of each iteration.
// Throws CompileError for `break` or `continue` outside a loop.
void lowerEarlyExits(Program &program);

} // namespace runmat::frontend
