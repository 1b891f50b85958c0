// Compile-time evaluation of MATLAB operations on Const values, with the same
// dtype and implicit-expansion rules as run time (TypeRules.h). Errors throw
// CompileError at `loc`.
#pragma once

#include "TValue.h"
#include "runmat/support/Diagnostic.h"

namespace runmat::frontend::consteval {

// The scalar semantics of one elementwise op (shared with the runtime's tests).
double applyUnary(const std::string &op, double x);
double applyBinary(const std::string &op, double x, double y);

TValue unary(const std::string &op, const TValue &x, const SourceLoc &loc);
TValue binary(const std::string &op, const TValue &x, const TValue &y, const SourceLoc &loc);
TValue cast(const TValue &x, DType to);
// Reduction over the 1-based dims (dims beyond the rank are ignored).
TValue reduce(const std::string &op, const TValue &x, const std::vector<int64_t> &dims);
TValue transpose(const TValue &x);
TValue mtimes(const TValue &a, const TValue &b, const SourceLoc &loc);
// Concatenation along dim 2 (horizontal) or 1 (vertical); empties are skipped.
TValue concat(int dim, const std::vector<TValue> &parts, const SourceLoc &loc);
// start:step:stop as a row (MATLAB's tolerance for floating-point steps).
int64_t colonCount(double start, double step, double stop);
TValue colon(double start, double step, double stop, DType t);
// Truthiness as if/while see it: non-empty and all elements non-zero.
bool truthy(const TValue &x);

} // namespace runmat::frontend::consteval
