// MATLAB typing rules shared by the tracer, the trace validator and the importer.
#include "runmat/trace/TypeRules.h"

#include <doctest/doctest.h>

using namespace runmat::trace;

namespace {
Type t(const std::string &s) {
  std::string err;
  auto parsed = parseType(s, err);
  REQUIRE_MESSAGE(parsed, err);
  return *parsed;
}
} // namespace

TEST_CASE("dtype promotion: single wins, logical joins as double") {
  CHECK(arithmeticDType(DType::Double, DType::Single) == DType::Single);
  CHECK(arithmeticDType(DType::Logical, DType::Double) == DType::Double);
  CHECK(arithmeticDType(DType::Logical, DType::Single) == DType::Single);
  CHECK(elementwiseDType("plus", {DType::Logical, DType::Logical}) == DType::Double);
  CHECK(elementwiseDType("lt", {DType::Single, DType::Double}) == DType::Logical);
  CHECK(elementwiseDType("sqrt", {DType::Logical}) == DType::Double);
  CHECK(reductionDType("sum", DType::Logical) == DType::Double);
  CHECK(reductionDType("reduce_max", DType::Logical) == DType::Logical);
}

TEST_CASE("implicit expansion of constant and symbolic extents") {
  Broadcast b = broadcast(t("single[v0,v1]"), t("single[1,v1]"));
  REQUIRE(b.ok);
  CHECK(b.shape == t("single[v0,v1]").shape);
  CHECK(b.mustBeEqual.empty());

  Broadcast s = broadcast(t("double"), t("double[3,v2]"));
  REQUIRE(s.ok);
  CHECK(s.shape == t("double[3,v2]").shape);

  Broadcast r = broadcast(t("double[v0,1,1]"), t("double[v0,v1,v2]"));
  REQUIRE(r.ok);
  CHECK(r.shape.size() == 3);

  Broadcast bad = broadcast(t("double[3,4]"), t("double[5,6]"));
  CHECK_FALSE(bad.ok);
  CHECK(bad.error == "sizes 3x4 and 5x6 are not compatible for implicit expansion (dimension 1: 3 vs 5)");

  // Different symbols must agree at run time: recorded for a check.
  Broadcast sym = broadcast(t("double[v0,1]"), t("double[v7,1]"));
  REQUIRE(sym.ok);
  REQUIRE(sym.mustBeEqual.size() == 1);
  CHECK(sym.mustBeEqual[0].first.symbol == "v0");

  Broadcast named = broadcast(t("double[v0,4]"), t("double[v0,6]"), [](const std::string &id) {
    return id == "v0" ? std::string("n") : id;
  });
  CHECK(named.error == "sizes nx4 and nx6 are not compatible for implicit expansion (dimension 2: 4 vs 6)");
}

TEST_CASE("types print and parse") {
  for (const char *s : {"double", "single[v0,1]", "logical[2,3,4]", "double[v12,v3]"})
    CHECK(t(s).str() == s);
  std::string err;
  CHECK_FALSE(parseType("double[3]", err));
  CHECK(err.find("at least 2 extents") != std::string::npos);
  CHECK_FALSE(parseType("int32[3,3]", err));
  CHECK(err.find("unknown dtype 'int32'") != std::string::npos);
  CHECK_FALSE(parseType("double[3,", err));
  CHECK_FALSE(parseType("double[3,4] x", err));
  CHECK(t("double[5,v1]").dim(3).isOne()); // extents beyond the rank are 1
}
