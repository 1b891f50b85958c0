// Trace YAML: number formatting, lossless round trip, precise errors.
#include "runmat/trace/TraceIO.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <random>

using namespace runmat;
using namespace runmat::trace;

TEST_CASE("numbers are written in the shortest form that reads back exactly") {
  CHECK(formatNumber(200000) == "200000");
  CHECK(formatNumber(0.1) == "0.1");
  CHECK(formatNumber(-0.0) == "-0");
  CHECK(formatNumber(INFINITY) == ".inf");
  CHECK(formatNumber(-INFINITY) == "-.inf");
  CHECK(formatNumber(NAN) == ".nan");
  CHECK(formatNumber((double)0.98f) == "0.9800000190734863");
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  for (int i = 0; i < 2000; ++i) {
    double v = u(rng) * std::pow(10.0, (int)(rng() % 40) - 20);
    CHECK(std::strtod(formatNumber(v).c_str(), nullptr) == v);
  }
}

static const char *kTrace = R"(runmat_trace: 1
source: t.m
entries:
  - name: t
    kind: script
    params:
      - {name: n, id: v0, type: double, default: 4}
    body:
      - op: const
        attrs: {value: 1}
        out: [{id: v1, type: double}]
      - op: zeros
        out: [{id: v2, type: "single[v0,1]"}]
      - op: for
        args: [v1, v1, v0, v2]
        out: [{id: v6, type: "single[v0,1]"}]
        loc: t.m:4:1
        regions:
          - name: body
            args: [{id: v3, type: double}, {id: v4, type: "single[v0,1]"}]
            ops:
              - op: rand
                out: [{id: v5, type: "single[v0,1]"}]
              - op: plus
                args: [v4, v5]
                out: [{id: v7, type: "single[v0,1]"}]
            yield: [v7]
      - op: mean
        args: [v6]
        attrs: {dims: [1]}
        out: [{id: v8, type: "single[1,1]"}]
      - op: fprintf
        args: [v8]
        attrs: {format: "mean %g\\n"}
)";

TEST_CASE("reading and writing canonical text is the identity") {
  Trace t = readTrace(kTrace, "t.yaml");
  CHECK(writeTrace(t) == kTrace);
  REQUIRE(t.entries.size() == 1);
  const Op &loop = t.entries[0].body.ops[2];
  CHECK(loop.name == "for");
  CHECK(loop.loc.str() == "t.m:4:1");
  CHECK(loop.traceLine == 14);
  CHECK(std::get<std::string>(t.entries[0].body.ops[4].findAttr("format")->value) == "mean %g\\n");
}

TEST_CASE("errors carry the YAML line and the node path") {
  auto error = [](std::string text) {
    try {
      readTrace(text, "bad.yaml");
    } catch (const CompileError &e) {
      return e.loc().str() + " " + e.message();
    }
    return std::string("no error");
  };
  std::string t = kTrace;
  std::string undefined = t;
  undefined.replace(undefined.find("args: [v4, v5]"), 14, "args: [v4, v9]");
  CHECK(error(undefined) ==
        "bad.yaml:24 value 'v9' is used but not defined before this point (at entries[0].body[2].regions[0].ops[1] "
        "'plus')");
  std::string badKind = t;
  badKind.replace(badKind.find("kind: script"), 12, "kind: macro");
  CHECK(error(badKind) == "bad.yaml:5:11 entry kind must be 'script', 'function' or 'host_function', got 'macro' (at entries[0].kind)");
  CHECK(error("runmat_trace: [1") .find("bad.yaml:1:") == 0);
  std::string wrongYield = t;
  wrongYield.replace(wrongYield.find("yield: [v7]"), 11, "yield: [v5, v7]");
  CHECK(error(wrongYield).find("region 'body' must yield 1 value, got 2") != std::string::npos);
}

#include "runmat/trace/OpSchema.h"

#include <fstream>
#include <sstream>

TEST_CASE("docs/trace-schema.md lists every op of the schema") {
  std::ifstream in(RUNMAT_SOURCE_DIR "/docs/trace-schema.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  for (const OpSchema &s : allOpSchemas())
    CHECK_MESSAGE(doc.find("`" + std::string(s.name) + "`") != std::string::npos,
                  "op '" << s.name << "' is missing from docs/trace-schema.md");
}
