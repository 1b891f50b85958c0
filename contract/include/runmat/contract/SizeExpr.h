// A size or cost as an expression of an entry's parameters: the tree the
// compiler's extent analysis builds (SymbolicExtents.h). The manifest keeps
// its spelling for people ("4*n*d"); the artifact carries each entry's
// buffer sizes compiled into host code (runmat_sizes_fn in runmat_abi.h,
// compiler/codegen/lib/SizeFunctions.cpp), the one place that gives a tree
// its value: the shim evaluates sizes by a call, never by parsing text.
#pragma once

#include <string>
#include <vector>

namespace runmat {

struct SizeExpr {
  enum class Kind { Unknown, Number, Param, InputSize, Add, Sub, Mul, Div, Min, Max, Floor, Ceil };
  Kind kind = Kind::Unknown;
  double value = 0;          // Number
  std::string name;          // Param, InputSize (the input's name)
  int dim = 0;               // InputSize: 0-based dimension
  std::vector<SizeExpr> args; // operands of the operators and functions

  static SizeExpr unknown() { return {}; }
  static SizeExpr number(double v);
  static SizeExpr param(const std::string &name);
  static SizeExpr inputSize(const std::string &input, int dim);
  // Binary operators; an unknown operand makes the result unknown, a factor of 1 is dropped.
  static SizeExpr binary(Kind op, SizeExpr a, SizeExpr b);
  // min, max (two operands), floor, ceil (one); unknown if any operand is.
  static SizeExpr call(Kind fn, std::vector<SizeExpr> operands);

  bool isKnown() const; // no Unknown anywhere in the tree
  // Known, and naming only parameters and numbers (no input's size).
  bool isParametric() const;
  // The manifest's text: "?" for unknown, "4*n*d", "min(d,k)", "size(X,1)".
  std::string spelling() const;
};

// a*b*... of the factors, without factors of 1 ("1" when nothing is left).
SizeExpr productOf(const std::vector<SizeExpr> &factors);

} // namespace runmat
