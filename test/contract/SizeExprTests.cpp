// Size expressions: what the manifest spells and what evaluation gives.
#include "runmat/contract/SizeExpr.h"

#include <doctest/doctest.h>

#include <stdexcept>

using runmat::SizeExpr;
using K = SizeExpr::Kind;

TEST_CASE("size expressions spell as the manifest prints them and evaluate over parameters") {
  SizeExpr n = SizeExpr::param("n"), d = SizeExpr::param("d");
  SizeExpr bytes = runmat::productOf({SizeExpr::number(4), n, SizeExpr::number(1), d});
  CHECK(bytes.spelling() == "((4*n)*d)");
  CHECK(bytes.evaluate({{"n", 10}, {"d", 3}}) == 120);
  SizeExpr k = SizeExpr::call(K::Min, {n, SizeExpr::binary(K::Div, d, SizeExpr::number(2))});
  CHECK(k.spelling() == "min(n,(d/2))");
  CHECK(k.evaluate({{"n", 10}, {"d", 3}}) == 1.5);
  SizeExpr count = SizeExpr::call(
      K::Max, {SizeExpr::binary(K::Add, SizeExpr::call(K::Floor, {SizeExpr::binary(K::Sub, n, SizeExpr::number(0.5))}),
                                SizeExpr::number(1)),
               SizeExpr::number(0)});
  CHECK(count.evaluate({{"n", 4}}) == 4);
  CHECK(count.evaluate({{"n", -3}}) == 0);
  CHECK(SizeExpr::call(K::Ceil, {SizeExpr::number(2.25)}).evaluate({}) == 3);
  CHECK(SizeExpr::number(0.1).spelling() == "0.10000000000000001");
  CHECK(runmat::productOf({}).spelling() == "1");
}

TEST_CASE("an unknown operand makes the whole expression unknown; input sizes are not parametric") {
  SizeExpr n = SizeExpr::param("n");
  SizeExpr u = SizeExpr::binary(K::Mul, n, SizeExpr::unknown());
  CHECK(u.kind == K::Unknown);
  CHECK(u.spelling() == "?");
  CHECK(SizeExpr::call(K::Max, {n, SizeExpr::unknown()}).spelling() == "?");
  SizeExpr rows = SizeExpr::binary(K::Mul, SizeExpr::inputSize("X", 0), n);
  CHECK(rows.spelling() == "(size(X,1)*n)");
  CHECK(rows.isKnown());
  CHECK_FALSE(rows.isParametric());
  CHECK(n.isParametric());
  CHECK_THROWS_AS(rows.evaluate({{"n", 2}}), std::runtime_error);
  CHECK_THROWS_AS(n.evaluate({}), std::runtime_error);
}
