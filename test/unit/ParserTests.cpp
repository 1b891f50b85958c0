#include "runmat/frontend/Parser.h"

#include <doctest/doctest.h>

using namespace runmat;
using namespace runmat::frontend;

namespace {
// Prints an expression fully parenthesised, to check precedence and shape.
std::string show(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Number: {
    std::string s = std::to_string(e.number);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
  }
  case ExprKind::String: return "'" + e.text + "'";
  case ExprKind::Ident: return e.text;
  case ExprKind::Colon: return ":";
  case ExprKind::EndIndex: return "end";
  case ExprKind::Unary: return "(" + e.text + show(*e.args[0]) + ")";
  case ExprKind::Postfix: return "(" + show(*e.args[0]) + e.text + ")";
  case ExprKind::Binary: return "(" + show(*e.args[0]) + " " + e.text + " " + show(*e.args[1]) + ")";
  case ExprKind::Range: {
    std::string s = "range(";
    for (size_t i = 0; i < e.args.size(); ++i) s += (i ? "," : "") + show(*e.args[i]);
    return s + ")";
  }
  case ExprKind::Index: {
    std::string s = e.text + "(";
    for (size_t i = 0; i < e.args.size(); ++i) s += (i ? "," : "") + show(*e.args[i]);
    return s + ")";
  }
  case ExprKind::Matrix: {
    std::string s = "[";
    for (size_t r = 0; r < e.rows.size(); ++r) {
      if (r) s += ";";
      for (size_t c = 0; c < e.rows[r].size(); ++c) s += (c ? "," : "") + show(*e.rows[r][c]);
    }
    return s + "]";
  }
  case ExprKind::Lambda: {
    std::string s = "@(";
    for (size_t i = 0; i < e.params.size(); ++i) s += (i ? "," : "") + e.params[i];
    return s + ") " + show(*e.args[0]);
  }
  case ExprKind::Handle: return "@" + e.text;
  case ExprKind::Unsupported: return "?";
  }
  return "?";
}

std::string expr(const std::string &src) {
  Program p = parseProgram("x = " + src + ";", "t.m");
  return show(*p.script.at(0)->expr);
}
} // namespace

TEST_CASE("operator precedence follows MATLAB") {
  CHECK(expr("-2^2") == "(-(2 ^ 2))");
  CHECK(expr("2^-1") == "(2 ^ (-1))");
  CHECK(expr("a + b * c") == "(a + (b * c))");
  CHECK(expr("a - b - c") == "((a - b) - c)");
  CHECK(expr("a^b^c") == "((a ^ b) ^ c)");
  CHECK(expr("a' * b") == "((a') * b)");
  CHECK(expr("a < b & c || d && e") == "(((a < b) & c) || (d && e))");
  CHECK(expr("~a == b") == "((~a) == b)");
  CHECK(expr("a:b:c") == "range(a,b,c)");
  CHECK(expr("1:n-1") == "range(1,(n - 1))");
  CHECK(expr("x.^2 ./ y") == "((x .^ 2) ./ y)");
  CHECK(expr("a != b") == "(a ~= b)");
}

TEST_CASE("matrix literals separate elements by commas, spaces and signs") {
  CHECK(expr("[1 -2 +3]") == "[1,(-2),(+3)]");
  CHECK(expr("[1 - 2]") == "[(1 - 2)]");
  CHECK(expr("[1-2]") == "[(1 - 2)]");
  CHECK(expr("[a' b']") == "[(a'),(b')]");
  CHECK(expr("[1, 2; 3, 4]") == "[1,2;3,4]");
  CHECK(expr("[1 2\n 3 4]") == "[1,2;3,4]");
  CHECK(expr("[]") == "[]");
  CHECK(expr("[f(1) (2)]") == "[f(1),2]");
}

TEST_CASE("subscripts: colon, end and ranges") {
  CHECK(expr("Q(:, 1:k)") == "Q(:,range(1,k))");
  CHECK(expr("x(end)") == "x(end)");
  CHECK(expr("x(2:end-1)") == "x(range(2,(end - 1)))");
  CHECK(expr("x(:)") == "x(:)");
}

TEST_CASE("statements: assignments, multi-assignments, display flags") {
  Program p = parseProgram("a = 1\nb = 2;\n[q, ~] = qr(a, 0);\ndisp(a), c = 3", "t.m");
  REQUIRE(p.script.size() == 5);
  CHECK(p.script[0]->kind == StmtKind::Assign);
  CHECK(p.script[0]->display);
  CHECK_FALSE(p.script[1]->display);
  CHECK(p.script[2]->kind == StmtKind::MultiAssign);
  CHECK(p.script[2]->targets.size() == 2);
  CHECK(p.script[2]->targets[1].ignored);
  CHECK(p.script[3]->kind == StmtKind::Expression);
  CHECK(p.script[4]->display);
}

TEST_CASE("control flow nests; elseif chains; Octave end keywords") {
  Program p = parseProgram("for i = 1:3\n if i > 1\n  x = 1;\n elseif i < 0, x = 2;\n else\n  x = 3;\n end\nendfor\n"
                           "while x > 0, x = x - 1; endwhile",
                           "t.m");
  REQUIRE(p.script.size() == 2);
  const Stmt &f = *p.script[0];
  CHECK(f.kind == StmtKind::For);
  CHECK(f.name == "i");
  REQUIRE(f.body.size() == 1);
  CHECK(f.body[0]->clauses.size() == 2);
  CHECK(f.body[0]->hasElse);
  CHECK(p.script[1]->kind == StmtKind::While);
}

TEST_CASE("functions and local functions") {
  Program fn = parseProgram("function [a, b] = f(x, y)\n arguments\n  x (:,:) single\n end\n a = x; b = y;\nend\n"
                            "function z = g(w)\n z = w;\nend",
                            "f.m");
  CHECK(fn.isFunctionFile);
  REQUIRE(fn.functions.size() == 2);
  CHECK(fn.functions[0].outputs == std::vector<std::string>{"a", "b"});
  CHECK(fn.functions[0].params == std::vector<std::string>{"x", "y"});
  REQUIRE(fn.functions[0].arguments.size() == 1);
  CHECK(fn.functions[0].arguments[0].className == "single");
  Program script = parseProgram("y = g(2);\nfunction z = g(w)\n z = w;\nend", "s.m");
  CHECK_FALSE(script.isFunctionFile);
  CHECK(script.functions.size() == 1);
}

TEST_CASE("command syntax for clc, clear, close") {
  Program p = parseProgram("clc\nclear all\nclose all;\nx = 1;", "t.m");
  REQUIRE(p.script.size() == 4);
  CHECK(p.script[0]->kind == StmtKind::Command);
  CHECK(p.script[1]->words == std::vector<std::string>{"all"});
  CHECK(p.script[3]->kind == StmtKind::Assign);
}

TEST_CASE("syntax errors are located and named") {
  auto error = [](const std::string &src) {
    try {
      parseProgram(src, "e.m");
    } catch (const CompileError &e) {
      return e.loc().str() + " " + e.message();
    }
    return std::string("no error");
  };
  CHECK(error("x = (1 + 2;") == "e.m:1:11 expected ')' to close '(', got ';'");
  CHECK(error("if x\n y = 1;\n") == "e.m:1:1 missing 'end' for the 'if' at line 1");
  CHECK(error("x = [1 2;") == "e.m:1:5 missing ']' for this '['");
  CHECK(error("try\n x = 1;\nend") == "e.m:1:1 'try' statements are not supported by runmatc");
  CHECK(error("x = {1, 2;") == "e.m:1:5 missing '}' for this '{'");
  CHECK(error("c{1} = 2;") == "e.m:1:2 cell arrays are not supported by runmatc as assignment targets (c{i} = ...); runmatc's cell arrays are compile-time lists of text and numbers");
  CHECK(error("x = f(1)(2);") == "e.m:1:9 chained indexing such as f(a)(b) is not supported by runmatc");
  CHECK(error("1 = x;") == "e.m:1:3 this expression cannot be assigned to");
  CHECK(error("x = y +;") == "e.m:1:8 expected an expression, got ';'");
}

TEST_CASE("function handles: anonymous bodies reach as far as an expression; @name") {
  CHECK(expr("@(x) x.^2 + 1") == "@(x) ((x .^ 2) + 1)");
  CHECK(expr("@(a, b) a * b") == "@(a,b) (a * b)");
  CHECK(expr("@() 3") == "@() 3");
  CHECK(expr("@sin") == "@sin");
  CHECK(expr("[1, 2]") == "[1,2]");
  CHECK_THROWS(parseProgram("f = @(1) 2;", "t.m"));
  CHECK_THROWS(parseProgram("f = @;", "t.m"));
}

TEST_CASE("a script's statements may follow its local functions, as Octave runs them") {
  Program p = parseProgram("x = 1;\nfunction y = f(a)\n  y = a;\nend\nz = f(x);\n", "t.m");
  CHECK(p.script.size() == 2);
  CHECK(p.functions.size() == 1);
}
