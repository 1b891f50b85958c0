// Compile-time evaluation follows MATLAB's semantics and dtype rules.
#include "ConstEval.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace runmat;
using namespace runmat::frontend;

static const SourceLoc here{"t.m", 1, 1};

TEST_CASE("scalar semantics of elementwise ops") {
  using consteval::applyBinary;
  using consteval::applyUnary;
  CHECK(applyBinary("mod", 7, 3) == 1);
  CHECK(applyBinary("mod", -7, 3) == 2); // the sign of the divisor, as MATLAB
  CHECK(applyBinary("mod", 5, 0) == 5);  // mod(x, 0) = x
  CHECK(applyBinary("max", NAN, 2) == 2); // NaN is ignored
  CHECK(applyBinary("min", 3, NAN) == 3);
  CHECK(std::isnan(applyBinary("max", NAN, NAN)));
  CHECK(applyUnary("round", 2.5) == 3);  // half away from zero
  CHECK(applyUnary("round", -2.5) == -3);
  CHECK(applyUnary("sign", -0.0) == 0);
  CHECK(applyUnary("not", 0) == 1);
  CHECK(applyBinary("and", 2, 0) == 0);
}

TEST_CASE("implicit expansion and dtype of folded arrays") {
  TValue col = TValue::constArray({3, 1}, {1, 2, 3}, DType::Double);
  TValue row = TValue::constArray({1, 2}, {10, 20}, DType::Single);
  TValue sum = consteval::binary("plus", col, row, here);
  CHECK(sum.dims == std::vector<int64_t>{3, 2});
  CHECK(sum.dtype == DType::Single); // single wins
  CHECK(sum.data == std::vector<double>{11, 12, 13, 21, 22, 23});
  TValue bad = TValue::constArray({2, 1}, {1, 2}, DType::Double);
  CHECK_THROWS_WITH_AS(consteval::binary("plus", col, bad, here),
                       "t.m:1:1: error: sizes 3x1 and 2x1 are not compatible for implicit expansion (dimension 1)",
                       CompileError);
  TValue cmp = consteval::binary("lt", col, TValue::constant(2), here);
  CHECK(cmp.dtype == DType::Logical);
  CHECK(cmp.data == std::vector<double>{1, 0, 0});
}

TEST_CASE("single values round to float at every step") {
  TValue a = TValue::constant(0.1, DType::Single);
  CHECK(a.scalar() == (double)0.1f);
  TValue b = consteval::binary("times", a, TValue::constant(3), here);
  CHECK(b.dtype == DType::Single);
  CHECK(b.scalar() == (double)(float)((double)0.1f * 3.0));
}

TEST_CASE("reductions over dims, with MATLAB's empties") {
  TValue m = TValue::constArray({2, 3}, {1, 2, 3, 4, 5, 6}, DType::Double);
  CHECK(consteval::reduce("sum", m, {1}).data == std::vector<double>{3, 7, 11});
  CHECK(consteval::reduce("sum", m, {2}).data == std::vector<double>{9, 12});
  CHECK(consteval::reduce("mean", m, {1, 2}).data == std::vector<double>{3.5});
  CHECK(consteval::reduce("prod", m, {2}).data == std::vector<double>{15, 48});
  CHECK(consteval::reduce("reduce_max", m, {1}).data == std::vector<double>{2, 4, 6});
  CHECK(consteval::reduce("sum", m, {3}).data == m.data); // beyond the rank: nothing to reduce
  TValue empty = TValue::constArray({0, 2}, {}, DType::Double);
  CHECK(consteval::reduce("sum", empty, {1}).data == std::vector<double>{0, 0});
  CHECK(consteval::reduce("prod", empty, {1}).data == std::vector<double>{1, 1});
  TValue logical = TValue::constArray({1, 3}, {1, 0, 1}, DType::Logical);
  CHECK(consteval::reduce("sum", logical, {2}).dtype == DType::Double);
}

TEST_CASE("colon counts tolerate floating-point steps") {
  CHECK(consteval::colonCount(0, 0.1, 1) == 11);
  CHECK(consteval::colonCount(1, 1, 0) == 0);
  CHECK(consteval::colonCount(3, -1, 1) == 3);
  CHECK(consteval::colonCount(1, 0, 5) == 0);
  CHECK(consteval::colonCount(1, 1, 2.5) == 2);
  TValue r = consteval::colon(1, 2, 7, DType::Double);
  CHECK(r.dims == std::vector<int64_t>{1, 4});
  CHECK(r.data == std::vector<double>{1, 3, 5, 7});
}

TEST_CASE("transpose, product, concatenation") {
  TValue m = TValue::constArray({2, 3}, {1, 2, 3, 4, 5, 6}, DType::Double);
  TValue t = consteval::transpose(m);
  CHECK(t.dims == std::vector<int64_t>{3, 2});
  CHECK(t.data == std::vector<double>{1, 3, 5, 2, 4, 6});
  TValue p = consteval::mtimes(t, m, here);
  CHECK(p.dims == std::vector<int64_t>{3, 3});
  CHECK(p.data[0] == 1 * 1 + 2 * 2);
  TValue h = consteval::concat(2, {m, TValue::constArray({2, 1}, {7, 8}, DType::Single)}, here);
  CHECK(h.dims == std::vector<int64_t>{2, 4});
  CHECK(h.dtype == DType::Single);
  CHECK(h.data.back() == 8);
  CHECK_THROWS_AS(consteval::concat(1, {m, TValue::constArray({1, 2}, {1, 2}, DType::Double)}, here),
                  CompileError);
}

TEST_CASE("results MATLAB would make complex are refused") {
  CHECK_THROWS_AS(consteval::unary("sqrt", TValue::constant(-1), here), CompileError);
  CHECK_THROWS_AS(consteval::unary("log", TValue::constant(-2), here), CompileError);
  CHECK_THROWS_AS(consteval::binary("power", TValue::constant(-8), TValue::constant(1.0 / 3), here), CompileError);
  CHECK(consteval::binary("power", TValue::constant(-2), TValue::constant(3), here).scalar() == -8);
}

TEST_CASE("folded reductions drop trailing singleton dimensions, as MATLAB") {
  TValue b = TValue::constArray({2, 3, 4}, std::vector<double>(24, 1.0), DType::Double);
  CHECK(consteval::reduce("sum", b, {3}).dims == std::vector<int64_t>{2, 3});
  CHECK(consteval::reduce("mean", b, {2}).dims == std::vector<int64_t>{2, 1, 4});
  CHECK(consteval::reduce("sum", b, {2, 3}).dims == std::vector<int64_t>{2, 1});
}
