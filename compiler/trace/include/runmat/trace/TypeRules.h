// MATLAB's typing rules as runmatc applies them: dtype promotion of mixed
// single/double/logical operands, implicit expansion of shapes, and the result
// type of each inferable trace op. The tracer, the trace validator and the
// importer all call these, so the three agree by construction.
#pragma once

#include "runmat/trace/OpSchema.h"
#include "runmat/trace/Trace.h"

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace runmat::trace {

// Arithmetic on (a, b): single wins over double; logical counts as double.
DType arithmeticDType(DType a, DType b);
// Result dtype of an elementwise op given its operand dtypes.
DType elementwiseDType(const std::string &op, const std::vector<DType> &operands);
// Result dtype of a reduction over an operand of dtype t.
DType reductionDType(const std::string &op, DType t);

// How messages name symbolic extents (parameter names, size(x,1), ...);
// without one, the value id is shown.
using SymbolNames = std::function<std::string(const std::string &id)>;

// Implicit expansion of two operand types (scalars expand to anything).
struct Broadcast {
  bool ok = false;
  std::string error;                            // set when !ok
  bool scalar = false;                          // both operands were host scalars
  std::vector<Dim> shape;                       // result extents (tensor results)
  std::vector<std::pair<Dim, Dim>> mustBeEqual; // symbolic pairs checked at run time
};
Broadcast broadcast(const Type &a, const Type &b, const SymbolNames &names = {});

// The renaming of an op's result ids to the values at one of its boundaries:
// result i -> values[first + i] (see renameSymbols).
std::map<std::string, std::string> resultRenames(const Op &op, const std::vector<std::string> &values,
                                                 size_t first);

// Shape text for messages: "3x4", "nx1".
std::string shapeText(const Type &t, const SymbolNames &names = {});

// The result type(s) of an op whose schema says they are inferred; for ops that
// declare their result types, checks what can be checked statically. Returns
// false and sets `error` when the op is ill-typed.
bool checkOpTypes(const OpSchema &schema, const Op &op, const std::vector<Type> &operandTypes,
                  std::vector<Type> &inferredResults, std::string &error, const SymbolNames &names = {});

} // namespace runmat::trace
