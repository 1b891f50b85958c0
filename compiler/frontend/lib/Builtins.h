// The tracer's builtin functions: a table from name to handler, filled by
// one file per family (TracerBuiltins.cpp: creation, elementwise,
// reductions, sizes, output; BuiltinsArray.cpp: array manipulation, sorting
// and scans; BuiltinsLinearAlgebra.cpp: solves, norms, matrix power).
#pragma once

#include "TracerImpl.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace runmat::frontend::builtins {

using Args = std::vector<TValue>;
using Handler = std::function<std::vector<TValue>(Tracer &, Args &, int, const SourceLoc &)>;
using Table = std::map<std::string, Handler>;

void addArrayBuiltins(Table &m);
void addLinearAlgebraBuiltins(Table &m);
void addTextBuiltins(Table &m); // TracerText.cpp: getenv, str2double, strcmp, lower, ..., warning

// Argument checks that name the function.
void arity(const std::string &name, const Args &a, size_t lo, size_t hi, const SourceLoc &loc);
void oneOutput(const std::string &name, int nargout, const SourceLoc &loc);
bool isText(const TValue &v, const char *s);
bool isEmptyMatrix(const TValue &v);
// Reduction dims from (x), (x, dim), (x, [dims]), (x, 'all').
std::vector<int64_t> reductionDims(Tracer &t, const std::string &name, const TValue &x, const TValue *spec,
                                   const SourceLoc &loc);
// A dimension argument known at compile time, 1-based.
int64_t dimArgument(const std::string &name, const TValue &v, const SourceLoc &loc);

// Size arguments of zeros/ones/eye/...: (), (n), (m, n, ...), ([m n ...]),
// with a class name or 'like', X at the end.
std::vector<Dim> sizeArgs(Tracer &t, const std::string &name, Args &args, const SourceLoc &loc, DType &dtype,
                          bool allowLogical);
// [m, i] = max/min(x, [], dim): m already reduced; adds i.
std::vector<TValue> extremeWithIndex(Tracer &t, const TValue &x, const TValue &m, int64_t dim, const SourceLoc &loc);

// Text as a print format that prints it literally (% and \ escaped).
std::string escapeFormat(const std::string &text);
// fprintf's text arguments placed into its format (TracerBuiltins.cpp).
std::string substituteTextArguments(const std::string &format, std::vector<TValue> &args, const SourceLoc &loc);

// A call of a runtime library function (runmat/contract/LibraryFunctions.h).
std::vector<TValue> libraryCall(Tracer &t, const std::string &fn, const std::vector<TValue> &operands,
                                std::vector<int64_t> options, const std::vector<Type> &results, const SourceLoc &loc);

} // namespace runmat::frontend::builtins
