// Size expressions (SizeExpr.h): construction, spelling, evaluation.
#include "runmat/contract/SizeExpr.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace runmat {

namespace {

bool isOne(const SizeExpr &e) { return e.kind == SizeExpr::Kind::Number && e.value == 1; }

const char *operatorSpelling(SizeExpr::Kind k) {
  switch (k) {
  case SizeExpr::Kind::Add: return "+";
  case SizeExpr::Kind::Sub: return "-";
  case SizeExpr::Kind::Mul: return "*";
  case SizeExpr::Kind::Div: return "/";
  default: return nullptr;
  }
}

const char *functionSpelling(SizeExpr::Kind k) {
  switch (k) {
  case SizeExpr::Kind::Min: return "min";
  case SizeExpr::Kind::Max: return "max";
  case SizeExpr::Kind::Floor: return "floor";
  case SizeExpr::Kind::Ceil: return "ceil";
  default: return nullptr;
  }
}

} // namespace

SizeExpr SizeExpr::number(double v) {
  SizeExpr e;
  e.kind = Kind::Number;
  e.value = v;
  return e;
}

SizeExpr SizeExpr::param(const std::string &name) {
  SizeExpr e;
  e.kind = Kind::Param;
  e.name = name;
  return e;
}

SizeExpr SizeExpr::inputSize(const std::string &input, int dim) {
  SizeExpr e;
  e.kind = Kind::InputSize;
  e.name = input;
  e.dim = dim;
  return e;
}

SizeExpr SizeExpr::binary(Kind op, SizeExpr a, SizeExpr b) {
  if (!a.isKnown() || !b.isKnown()) return unknown();
  if (op == Kind::Mul) {
    if (isOne(a)) return b;
    if (isOne(b)) return a;
  }
  SizeExpr e;
  e.kind = op;
  e.args = {std::move(a), std::move(b)};
  return e;
}

SizeExpr SizeExpr::call(Kind fn, std::vector<SizeExpr> operands) {
  for (const SizeExpr &a : operands)
    if (!a.isKnown()) return unknown();
  SizeExpr e;
  e.kind = fn;
  e.args = std::move(operands);
  return e;
}

bool SizeExpr::isKnown() const {
  if (kind == Kind::Unknown) return false;
  return std::all_of(args.begin(), args.end(), [](const SizeExpr &a) { return a.isKnown(); });
}

bool SizeExpr::isParametric() const {
  if (kind == Kind::Unknown || kind == Kind::InputSize) return false;
  return std::all_of(args.begin(), args.end(), [](const SizeExpr &a) { return a.isParametric(); });
}

// Operands of + - * / are parenthesized unless they are leaves or a
// product inside a product; a whole expression and a function's arguments
// are not: 4*n*d, (n-1)*2, max(floor(n-1)+1,0).
std::string SizeExpr::spelling() const {
  switch (kind) {
  case Kind::Unknown: return "?";
  case Kind::Number: {
    char buf[64];
    if (value == std::floor(value) && std::fabs(value) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", value);
    else std::snprintf(buf, sizeof buf, "%.17g", value);
    return buf;
  }
  case Kind::Param: return name;
  case Kind::InputSize: return "size(" + name + "," + std::to_string(dim + 1) + ")";
  default: break;
  }
  if (const char *op = operatorSpelling(kind)) {
    auto operand = [&](const SizeExpr &a) {
      bool bare = !operatorSpelling(a.kind) || (kind == Kind::Mul && a.kind == Kind::Mul && &a == &args[0]);
      return bare ? a.spelling() : "(" + a.spelling() + ")";
    };
    return operand(args[0]) + op + operand(args[1]);
  }
  std::string out = std::string(functionSpelling(kind)) + "(";
  for (size_t i = 0; i < args.size(); ++i) out += (i ? "," : "") + args[i].spelling();
  return out + ")";
}

SizeExpr productOf(const std::vector<SizeExpr> &factors) {
  SizeExpr out = SizeExpr::number(1);
  for (const SizeExpr &f : factors) out = SizeExpr::binary(SizeExpr::Kind::Mul, out, f);
  return out;
}

} // namespace runmat
