// x^c on the GPU for a constant single-precision exponent c that is (to
// within 2^-22) a fraction p/q with a small denominator, as gamma curves
// and roots are: x^1.8 is x^2 * x^(-1/5). The device's exp2 and log2 give
// x^(-b/q) to about 2^-21, one Newton step on r^q x^b = 1 (products only)
// makes it accurate, and c - p/q is applied as a first-order factor; the
// products are carried in two parts (x r and x^(m-1)). About 20 operations
// instead of the general pow's 60, within 1.5 ulps. Bases
// outside the range where no product overflows (and NaN, Inf, negative
// bases) take the general pow, behind a branch.
#pragma once

#include <optional>
#include <string>

namespace runmat::codegen {

struct RootPowerPlan {
  int p = 0, q = 1; // c = p / q + delta
  int m = 0, b = 0; // p / q = m - b / q with 1 <= b < q
  double delta = 0;
  int range = 0; // bases in [2^-range, 2^range] (and 0) take the fast form
};

// The plan for a positive, non-integer constant exponent, or nothing where
// the fast form would not be accurate.
std::optional<RootPowerPlan> planRootPower(double c);

// GLSL statements at `indent` that declare `result` (a fresh name; locals
// get it as a prefix) as x^c, x a float variable. Outside the plan's range
// the result is `generalPow`, an expression (the general pow of x), behind
// a branch; or, given a `slowFlag` (a bool variable), the result there is
// left wrong and the flag set instead, for a caller that redoes the work
// with the branch when the flag is set (one branch for many points).
std::string emitRootPower(const RootPowerPlan &plan, const std::string &x, const std::string &result,
                          const std::string &generalPow, const std::string &indent,
                          const std::string &slowFlag = "");

} // namespace runmat::codegen
