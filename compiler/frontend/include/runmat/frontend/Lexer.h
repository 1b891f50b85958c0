// Tokens of the MATLAB subset runmatc reads, and the lexer that produces them.
//
// The lexer resolves the two context-dependent pieces of MATLAB's lexical
// grammar: whether `'` opens a string or transposes (it transposes right after
// a value), and `...` continuations and `%{ %}` block comments, which vanish.
// Whitespace is not a token, but each token records whether whitespace came
// before it, which the parser needs inside `[ ]` (`[a -b]` has two elements).
#pragma once

#include "runmat/support/Diagnostic.h"

#include <string>
#include <vector>

namespace runmat::frontend {

enum class Tok {
  Identifier,
  Keyword,
  Number,
  String,   // 'char array' (text holds the decoded contents)
  DQString, // "string" (text holds the decoded contents)
  Op,       // operators and punctuation; text holds the spelling
  Newline,
  Semicolon,
  Comma,
  End, // end of input
};

struct Token {
  Tok kind = Tok::End;
  std::string text;
  double number = 0;
  SourceLoc loc;
  bool spaceBefore = false; // whitespace (or a continuation) precedes it

  bool is(Tok k) const { return kind == k; }
  bool isOp(const char *s) const { return kind == Tok::Op && text == s; }
  bool isKeyword(const char *s) const { return kind == Tok::Keyword && text == s; }
};

// Splits `source` into tokens; throws CompileError (file:line:col) on a
// character or literal it cannot read.
std::vector<Token> lex(const std::string &source, const std::string &fileName);

bool isKeyword(const std::string &word);

} // namespace runmat::frontend
