// Which constant exponents the GPU computes as a root and a power
// (ConstantPow.cpp), and with which range.
#include "ConstantPow.h"

#include <doctest/doctest.h>

using namespace runmat::codegen;

static double single(double v) { return (double)(float)v; }

TEST_CASE("constant exponents near a small fraction are planned") {
  auto gamma = planRootPower(single(1.8));
  REQUIRE(gamma);
  CHECK(gamma->p == 9);
  CHECK(gamma->q == 5);
  CHECK(gamma->m == 2); // x^2 * x^(-1/5)
  CHECK(gamma->b == 1);
  CHECK(gamma->range == 50);
  CHECK(gamma->delta == doctest::Approx(single(1.8) - 1.8).epsilon(1e-12));
  auto half = planRootPower(0.5);
  REQUIRE(half);
  CHECK((half->m == 1 && half->b == 1 && half->q == 2 && half->delta == 0 && half->range == 100));
  auto srgb = planRootPower(single(1 / 2.4));
  REQUIRE(srgb);
  CHECK((srgb->p == 5 && srgb->q == 12 && srgb->m == 1 && srgb->b == 7 && srgb->range == 14));
}

TEST_CASE("other exponents keep the general pow") {
  CHECK_FALSE(planRootPower(2.0));           // integers: repeated squaring
  CHECK_FALSE(planRootPower(-2.5));          // negative
  CHECK_FALSE(planRootPower(single(1.2345))); // no fraction with q <= 12
  CHECK_FALSE(planRootPower(1.0 + 0x1p-23)); // within 2^-22 of an integer
  CHECK_FALSE(planRootPower(8.5));           // x^9 would leave little range
  CHECK_FALSE(planRootPower(0.0));
}
