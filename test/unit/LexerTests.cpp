#include "runmat/frontend/Lexer.h"

#include <doctest/doctest.h>

using namespace runmat;
using namespace runmat::frontend;

namespace {
// A compact picture of the token stream: I identifier, K keyword, N number,
// S 'text', D "text", (op) operator, / newline, ; , and $ for the end.
std::string kinds(const std::string &src) {
  std::string s;
  for (const Token &t : lex(src, "t.m")) {
    switch (t.kind) {
    case Tok::Identifier: s += "I"; break;
    case Tok::Keyword: s += "K"; break;
    case Tok::Number: s += "N"; break;
    case Tok::String: s += "S"; break;
    case Tok::DQString: s += "D"; break;
    case Tok::Op: s += "(" + t.text + ")"; break;
    case Tok::Newline: s += "/"; break;
    case Tok::Semicolon: s += ";"; break;
    case Tok::Comma: s += ","; break;
    case Tok::End: s += "$"; break;
    }
  }
  return s;
}
} // namespace

TEST_CASE("a quote after a value transposes; elsewhere it opens a string") {
  CHECK(kinds("y = x';") == "I(=)I(');$");
  CHECK(kinds("y = 'x';") == "I(=)S;$");
  CHECK(kinds("y = x'';") == "I(=)I(')(');$");
  CHECK(kinds("y = a(1)';") == "I(=)I(()N())(');$");
  CHECK(kinds("y = x.';") == "I(=)I(.');$");
  // Inside brackets a space before the quote starts a new element: a string.
  CHECK(kinds("y = [x 'a'];") == "I(=)([)IS(]);$");
  CHECK(kinds("y = [x' 'a'];") == "I(=)([)I(')S(]);$");
}

TEST_CASE("strings decode doubled quotes") {
  auto t = lex("s = 'it''s'; d = \"say \"\"hi\"\"\";", "t.m");
  CHECK(t[2].kind == Tok::String);
  CHECK(t[2].text == "it's");
  CHECK(t[6].kind == Tok::DQString);
  CHECK(t[6].text == "say \"hi\"");
}

TEST_CASE("numbers: exponents, fractions, digit separators, and dots before operators") {
  auto t = lex("1e-6 .5 10_000 3.25 2.^x 7./y", "t.m");
  CHECK(t[0].number == doctest::Approx(1e-6));
  CHECK(t[1].number == doctest::Approx(0.5));
  CHECK(t[2].number == 10000);
  CHECK(t[3].number == doctest::Approx(3.25));
  CHECK(t[4].number == 2);
  CHECK(t[5].text == ".^");
  CHECK(t[7].number == 7);
  CHECK(t[8].text == "./");
}

TEST_CASE("comments, block comments and continuations vanish") {
  CHECK(kinds("x = 1; % a comment\ny = 2;") == "I(=)N;/I(=)N;$");
  CHECK(kinds("x = 1 + ...\n    2;") == "I(=)N(+)N;$");
  CHECK(kinds("%{\nanything = here\n%}\nx = 1;") == "/I(=)N;$");
  CHECK(kinds("x = 1; # octave comment") == "I(=)N;$");
}

TEST_CASE("tokens record whether whitespace precedes them") {
  auto t = lex("[a -b]", "t.m");
  REQUIRE(t.size() >= 5);
  CHECK(t[2].text == "-");
  CHECK(t[2].spaceBefore);
  CHECK_FALSE(t[3].spaceBefore);
}

TEST_CASE("locations are 1-based line and column") {
  auto t = lex("x = 1;\n  yy = 2;", "f.m");
  CHECK(t[5].text == "yy");
  CHECK(t[5].loc.line == 2);
  CHECK(t[5].loc.column == 3);
  CHECK(t[5].loc.file == "f.m");
}

TEST_CASE("lexical errors are located") {
  auto error = [](const std::string &src) {
    try {
      lex(src, "e.m");
    } catch (const CompileError &e) {
      return e.loc().str() + " " + e.message();
    }
    return std::string("no error");
  };
  CHECK(error("x = 'abc") == "e.m:1:5 unterminated string (missing closing ')");
  CHECK(error("x = 3i") == "e.m:1:6 complex numbers are not supported");
  CHECK(error("x = 1e") == "e.m:1:6 malformed exponent in number");
  CHECK(error("x = 5_") == "e.m:1:6 '_' in a number must stand between digits");
  CHECK(error("x = ` ") == "e.m:1:5 unexpected character '`'");
  CHECK(error("%{\nnever closed") == "e.m:1:1 unterminated block comment (missing a line with only '%}')");
}
