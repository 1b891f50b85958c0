// Size expressions: what the manifest spells (the compiled form is checked
// by test/run/emit_stages.m and test/run/scalar_program.m).
#include "runmat/contract/SizeExpr.h"

#include <doctest/doctest.h>

using runmat::SizeExpr;
using K = SizeExpr::Kind;

TEST_CASE("size expressions spell as the manifest prints them") {
  SizeExpr n = SizeExpr::param("n"), d = SizeExpr::param("d");
  SizeExpr bytes = runmat::productOf({SizeExpr::number(4), n, SizeExpr::number(1), d});
  CHECK(bytes.spelling() == "4*n*d");
  CHECK(bytes.isParametric());
  CHECK(SizeExpr::binary(K::Mul, SizeExpr::number(4), SizeExpr::binary(K::Mul, n, d)).spelling() == "4*(n*d)");
  CHECK(SizeExpr::binary(K::Mul, SizeExpr::binary(K::Sub, n, SizeExpr::number(1)), d).spelling() == "(n-1)*d");
  CHECK(SizeExpr::binary(K::Sub, n, SizeExpr::binary(K::Sub, d, SizeExpr::number(1))).spelling() == "n-(d-1)");
  SizeExpr k = SizeExpr::call(K::Min, {n, SizeExpr::binary(K::Div, d, SizeExpr::number(2))});
  CHECK(k.spelling() == "min(n,d/2)");
  SizeExpr count = SizeExpr::call(
      K::Max, {SizeExpr::binary(K::Add, SizeExpr::call(K::Floor, {SizeExpr::binary(K::Sub, n, SizeExpr::number(1))}),
                                SizeExpr::number(1)),
               SizeExpr::number(0)});
  CHECK(count.spelling() == "max(floor(n-1)+1,0)");
  CHECK(SizeExpr::call(K::Ceil, {SizeExpr::number(2.25)}).spelling() == "ceil(2.25)");
  CHECK(SizeExpr::number(0.1).spelling() == "0.10000000000000001");
  CHECK(runmat::productOf({}).spelling() == "1");
}

TEST_CASE("an unknown operand makes the whole expression unknown; input sizes are not parametric") {
  SizeExpr n = SizeExpr::param("n");
  SizeExpr u = SizeExpr::binary(K::Mul, n, SizeExpr::unknown());
  CHECK(u.kind == K::Unknown);
  CHECK(u.spelling() == "?");
  CHECK_FALSE(u.isKnown());
  CHECK(SizeExpr::call(K::Max, {n, SizeExpr::unknown()}).spelling() == "?");
  SizeExpr rows = SizeExpr::binary(K::Mul, SizeExpr::inputSize("X", 0), n);
  CHECK(rows.spelling() == "size(X,1)*n");
  CHECK(rows.isKnown());
  CHECK_FALSE(rows.isParametric());
  CHECK(n.isParametric());
}
