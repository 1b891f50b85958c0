// The tracer: folding, parameters, loop-carried values, shapes and messages.
#include "runmat/frontend/Parser.h"
#include "runmat/frontend/Tracer.h"
#include "runmat/trace/TraceIO.h"

#include <doctest/doctest.h>

using namespace runmat;
using namespace runmat::frontend;

namespace {
trace::Trace traceText(const std::string &src) {
  Program p = parseProgram(src, "t.m");
  trace::Trace t = traceProgram(p, src);
  trace::validateTrace(t, "t.m");
  return t;
}

std::string traceError(const std::string &src) {
  try {
    traceText(src);
  } catch (const CompileError &e) {
    return e.loc().str() + " " + e.message();
  }
  return "no error";
}

const trace::Op *findOp(const std::vector<trace::Op> &ops, const std::string &name) {
  for (const trace::Op &op : ops) {
    if (op.name == name) return &op;
    for (const trace::Region &r : op.regions)
      if (const trace::Op *f = findOp(r.ops, name)) return f;
  }
  return nullptr;
}

int countOps(const std::vector<trace::Op> &ops, const std::string &name) {
  int n = 0;
  for (const trace::Op &op : ops) {
    n += op.name == name;
    for (const trace::Region &r : op.regions) n += countOps(r.ops, name);
  }
  return n;
}
} // namespace

TEST_CASE("compile-time scalars fold away; only the print remains") {
  trace::Trace t = traceText("a = 2; b = a^3 + sqrt(16); c = single(b) / 3;\nfprintf('%g\\n', c);");
  const auto &ops = t.entries[0].body.ops;
  REQUIRE(ops.size() == 2);
  CHECK(ops[0].name == "const");
  CHECK(ops[0].results[0].type.str() == "single");
  CHECK(std::get<double>(ops[0].findAttr("value")->value) == (double)(float)(12.0f / 3.0f));
  CHECK(ops[1].name == "fprintf");
}

TEST_CASE("parameter guards declare run-time parameters with defaults") {
  trace::Trace t = traceText("if ~exist('n', 'var'), n = 1e3; end\nif ~exist('m'), m = 4; end\nx = zeros(n, m);");
  const trace::Entry &e = t.entries[0];
  REQUIRE(e.params.size() == 2);
  CHECK(e.params[0].name == "n");
  CHECK(e.params[0].defaultValue == 1000);
  CHECK(e.params[1].name == "m");
  const trace::Op *z = findOp(e.body.ops, "zeros");
  REQUIRE(z);
  CHECK(z->results[0].type.str() == "double[" + e.params[0].value.id + "," + e.params[1].value.id + "]");
}

TEST_CASE("a guard for a variable that exists is an ordinary (folded) if") {
  trace::Trace t = traceText("n = 3;\nif ~exist('n', 'var'), n = 5; end\nfprintf('%d\\n', n);");
  CHECK(t.entries[0].params.empty());
  const trace::Op *c = findOp(t.entries[0].body.ops, "const");
  REQUIRE(c);
  CHECK(std::get<double>(c->findAttr("value")->value) == 3);
}

TEST_CASE("the same computation is one value (hash-consing)") {
  trace::Trace t = traceText("A = rand(4, 3);\nB = A - mean(A, 1);\nC = A - mean(A, 1);\nfprintf('%g\\n', B(1) + C(1));");
  CHECK(countOps(t.entries[0].body.ops, "mean") == 1);
  CHECK(countOps(t.entries[0].body.ops, "minus") == 1);
  CHECK(countOps(t.entries[0].body.ops, "rand") == 1);
}

TEST_CASE("random draws are never merged") {
  trace::Trace t = traceText("a = rand(3); b = rand(3);\nfprintf('%g\\n', a(1) - b(1));");
  CHECK(countOps(t.entries[0].body.ops, "rand") == 2);
}

TEST_CASE("symbolic extents stay canonical through qr in a loop") {
  // min(d, min(d, k)) is min(d, k): the loop-carried Q keeps one type.
  trace::Trace t = traceText("if ~exist('d','var'), d = 9; end\nif ~exist('k','var'), k = 3; end\n"
                             "Q = rand(d, k); [Q, R] = qr(Q, 'econ');\nfor i = 1:4\n  [Q, R] = qr(2 * Q, 0);\nend\n"
                             "fprintf('%g\\n', Q(1));");
  const trace::Op *loop = findOp(t.entries[0].body.ops, "for");
  REQUIRE(loop);
  REQUIRE(loop->results.size() == 1);
  CHECK(countOps(t.entries[0].body.ops, "min") == 1);
}

TEST_CASE("loops carry what is read across iterations or after the loop") {
  trace::Trace t = traceText("if ~exist('T','var'), T = 5; end\ns = 0; tmp = 1;\nfor i = 1:T\n"
                             "  tmp = i * 2;\n  s = s + tmp;\nend\nfprintf('%g\\n', s);");
  const trace::Op *loop = findOp(t.entries[0].body.ops, "for");
  REQUIRE(loop);
  // s is read before it is written in the body; tmp is written first and not read after.
  REQUIRE(loop->results.size() == 1);
  CHECK(loop->regions[0].args.size() == 2);
}

TEST_CASE("a double that becomes single in a loop is carried as single") {
  trace::Trace t = traceText("if ~exist('T','var'), T = 5; end\ny = 0;\nfor i = 1:T\n  y = 0.5 * y + single(1);\nend\n"
                             "fprintf('%g\\n', y);");
  const trace::Op *loop = findOp(t.entries[0].body.ops, "for");
  REQUIRE(loop);
  CHECK(loop->results[0].type.str() == "single");
}

TEST_CASE("a run-time if merges the variables its branches assign") {
  trace::Trace t = traceText("if ~exist('n','var'), n = 5; end\nif n > 2\n  y = 1;\nelse\n  y = 2;\nend\n"
                             "fprintf('%g\\n', y);");
  const trace::Op *branch = findOp(t.entries[0].body.ops, "if");
  REQUIRE(branch);
  REQUIRE(branch->results.size() == 1);
  CHECK(branch->regions[0].yields.size() == 1);
  CHECK(countOps(t.entries[0].body.ops, "check") == 0);
}

TEST_CASE("a variable assigned in one branch only is checked where it is read") {
  trace::Trace t = traceText("if ~exist('n','var'), n = 5; end\nif n > 2\n  y = 1;\nend\nfprintf('%g\\n', y);");
  const trace::Op *branch = findOp(t.entries[0].body.ops, "if");
  REQUIRE(branch);
  CHECK(branch->results.size() == 2); // y and its "defined" flag
  const trace::Op *check = findOp(t.entries[0].body.ops, "check");
  REQUIRE(check);
  CHECK(std::get<std::string>(check->findAttr("message")->value).find("assigned in only one branch") !=
        std::string::npos);
}

TEST_CASE("the default reduction dimension is checked when it depends on a parameter") {
  trace::Trace t = traceText("if ~exist('n','var'), n = 5; end\nx = rand(n, 3);\ny = sum(x);\nfprintf('%g\\n', y(1));");
  CHECK(countOps(t.entries[0].body.ops, "check") == 1);
  trace::Trace u = traceText("if ~exist('n','var'), n = 5; end\nx = rand(n, 1);\ny = sum(x);\nfprintf('%g\\n', y);");
  CHECK(countOps(u.entries[0].body.ops, "check") == 0);
}

TEST_CASE("errors name the construct and its location") {
  CHECK(traceError("x = ones(3,4) + ones(5,6);") ==
        "t.m:1:15 sizes 3x4 and 5x6 are not compatible for implicit expansion (dimension 1: 3 vs 5)");
  CHECK(traceError("x = undefined_thing + 1;") == "t.m:1:5 undefined variable or function 'undefined_thing'");
  CHECK(traceError("x = zeros(2.5);") == "t.m:1:5 a size must be a non-negative integer, got 2.500000");
  CHECK(traceError("x = 1;\nif x\n  break\nend") == "t.m:3:3 'break' outside a loop");
  CHECK(traceError("x = sum(1, 2, 3);") == "t.m:1:5 sum takes 1 to 2 arguments, got 3");
}
