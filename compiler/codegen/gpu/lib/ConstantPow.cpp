#include "ConstantPow.h"

#include "GlslScalar.h"

#include <algorithm>
#include <cmath>

namespace runmat::codegen {

std::optional<RootPowerPlan> planRootPower(double c) {
  if (!(c > 0) || c > 8 || c == std::floor(c)) return std::nullopt;
  for (int q = 2; q <= 12; ++q) {
    double p = std::round(c * q);
    double delta = c - p / q;
    // The first-order factor 1 + delta ln x stays exact to 2^-31 over the
    // range (|ln x| < 84).
    if (std::fabs(delta) > 0x1p-22) continue;
    RootPowerPlan plan;
    plan.p = (int)p;
    plan.q = q;
    plan.m = (int)std::ceil(p / q);
    plan.b = plan.m * q - plan.p;
    if (plan.b < 1 || plan.b >= q) return std::nullopt; // c within 2^-22 of an integer
    plan.delta = delta;
    // x^m, x^b and r^q (about x^-b) stay within 2^+-100, and so do the
    // correction terms to 2^-26 of the result: normal numbers, which the
    // devices that flush subnormals (NVIDIA) keep.
    plan.range = 100 / std::max(plan.b, plan.m);
    return plan;
  }
  return std::nullopt;
}

namespace {

// Statements computing base^n (n >= 1) by squaring; gives its name.
std::string power(const std::string &base, int n, const std::string &name, const std::string &indent,
                  std::string &out) {
  std::string result, square = base;
  for (int bit = 0; n; ++bit) {
    if (n & 1) {
      if (result.empty()) {
        result = square;
      } else {
        std::string next = name + "_" + std::to_string(bit);
        out += indent + "precise float " + next + " = " + result + " * " + square + ";\n";
        result = next;
      }
    }
    n >>= 1;
    if (n) {
      std::string next = name + "_s" + std::to_string(bit + 1);
      out += indent + "precise float " + next + " = " + square + " * " + square + ";\n";
      square = next;
    }
  }
  return result;
}

std::string lit(double v) { return glslFloatLiteral(v, /*f64=*/false); }

} // namespace

std::string emitRootPower(const RootPowerPlan &plan, const std::string &x, const std::string &result,
                          const std::string &generalPow, const std::string &indent,
                          const std::string &slowFlag) {
  const std::string &n = result;
  std::string out = indent + "// " + x + "^(" + std::to_string(plan.p) + "/" + std::to_string(plan.q) +
                    (plan.delta != 0 ? " + delta" : "") + ") as " + x + "^" + std::to_string(plan.m) + " * r, r = " +
                    x + "^(-" + std::to_string(plan.b) + "/" + std::to_string(plan.q) + ")\n";
  // The fast form takes |x| (negative bases take the general pow), and
  // log2 |x| at least -(range + 1): for x = +-0 every term stays finite and
  // the power comes out +0 without a select.
  const std::string a = n + "_a";
  out += indent + "const float " + a + " = abs(" + x + ");\n";
  out += indent + "precise float " + n + "_l = max(log2(" + a + "), " + lit(-(double)plan.range - 1) + ");\n";
  out += indent + "precise float " + n + "_r = exp2(" + n + "_l * " + lit(-(double)plan.b / plan.q) + ");\n";
  // Newton on r^q x^b = 1: r (1 + e / q), e = 1 - x^b r^q.
  std::string rq = power(n + "_r", plan.q, n + "_rq", indent, out);
  std::string xb = power(a, plan.b, n + "_xb", indent, out);
  out += indent + "precise float " + n + "_e = fma(-" + xb + ", " + rq + ", 1.0);\n";
  std::string k = n + "_e * " + lit(1.0 / plan.q);
  if (plan.delta != 0) // x^delta = 1 + delta ln 2 log2 x
    k = "fma(" + n + "_e, " + lit(1.0 / plan.q) + ", " + n + "_l * " + lit(plan.delta * std::log(2.0)) + ")";
  if (plan.m == 1) { // x r + x (r k), r k = t
    out += indent + "precise float " + n + "_t = " + n + "_r * " + k + ";\n";
    out += indent + "precise float " + n + " = fma(" + a + ", " + n + "_r, " + a + " * " + n + "_t);\n";
  } else {
    // x^m r (1 + k) as Y (P + w): P + Pl = x r exactly (by fma), w = P k + Pl,
    // and Y + Yl = x^(m-1) (exact products by fma); then Y P + (Y w + Yl P).
    // One operation fewer than x^m in two parts times r (1 + k), and the
    // parts' sizes stay those of x^m r, so the plan's range holds.
    out += indent + "precise float " + n + "_P = " + a + " * " + n + "_r;\n";
    out += indent + "precise float " + n + "_Pl = fma(" + a + ", " + n + "_r, -" + n + "_P);\n";
    out += indent + "precise float " + n + "_w = fma(" + n + "_P, " + k + ", " + n + "_Pl);\n";
    std::string Y = a, Yl;
    for (int i = 2; i < plan.m; ++i) {
      std::string h = n + "_Y" + std::to_string(i), l = n + "_Yl" + std::to_string(i);
      out += indent + "precise float " + h + " = " + Y + " * " + a + ";\n";
      std::string err = "fma(" + Y + ", " + a + ", -" + h + ")";
      out += indent + "precise float " + l + " = " + (Yl.empty() ? err : "fma(" + Yl + ", " + a + ", " + err + ")") +
             ";\n";
      Y = h;
      Yl = l;
    }
    std::string low = Yl.empty() ? Y + " * " + n + "_w" : "fma(" + Y + ", " + n + "_w, " + Yl + " * " + n + "_P)";
    out += indent + "precise float " + n + " = fma(" + Y + ", " + n + "_P, " + low + ");\n";
  }
  // NaN fails both comparisons; the branch is rarely taken, and taken
  // alone it skips the general pow's 60 operations.
  std::string outside = "!(" + x + " >= " + lit(std::ldexp(1.0, -plan.range)) + " && " + x +
                        " <= " + lit(std::ldexp(1.0, plan.range)) + ") && " + x + " != 0.0";
  if (!slowFlag.empty()) // `flag || (...)` would branch: glslang short-circuits all but plain operands
    out += indent + "const bool " + n + "_slow = " + outside + ";\n" + indent + slowFlag + " = " + slowFlag +
           " || " + n + "_slow;\n";
  else
    out += indent + "[[dont_flatten]] if (" + outside + ") " + n + " = " + generalPow + ";\n";
  return out;
}

} // namespace runmat::codegen
