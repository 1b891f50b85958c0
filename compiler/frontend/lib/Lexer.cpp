#include "runmat/frontend/Lexer.h"

#include <cctype>
#include <cstdlib>

namespace runmat::frontend {

namespace {

const char *const kKeywords[] = {
    "if",      "elseif",   "else",      "end",           "for",          "while",
    "function", "return",  "break",     "continue",      "switch",       "case",
    "otherwise", "try",    "catch",     "global",        "persistent",   "endif",
    "endfor",  "endwhile", "endfunction", "end_try_catch", "endswitch", "do",
    "until",   "parfor",   "arguments", "classdef",      "unwind_protect",
};

class Lexer {
public:
  Lexer(const std::string &src, const std::string &file) : src_(src), file_(file) {}

  std::vector<Token> run() {
    while (true) {
      bool space = skipSpaceAndComments();
      Token t;
      t.loc = here();
      t.spaceBefore = space;
      if (pos_ >= src_.size()) {
        t.kind = Tok::End;
        out_.push_back(t);
        break;
      }
      char c = src_[pos_];
      if (c == '\n') {
        advance();
        t.kind = Tok::Newline;
        out_.push_back(t);
        continue;
      }
      if (std::isalpha((unsigned char)c)) {
        lexWord(t);
      } else if (std::isdigit((unsigned char)c) ||
                 (c == '.' && std::isdigit((unsigned char)peek(1)))) {
        lexNumber(t);
      } else if (c == '"') {
        lexString(t, '"');
      } else if (c == '\'') {
        if (quoteIsTranspose(space)) {
          advance();
          t.kind = Tok::Op;
          t.text = "'";
        } else {
          lexString(t, '\'');
        }
      } else {
        lexOperator(t);
      }
      out_.push_back(t);
    }
    return std::move(out_);
  }

private:
  char peek(size_t k = 0) const { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; }

  void advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++pos_;
  }

  SourceLoc here() const { return SourceLoc{file_, line_, col_}; }

  [[noreturn]] void error(const std::string &msg, SourceLoc loc) const { throw CompileError(loc, msg); }

  // The rest of the current line, from pos_, without the newline.
  std::string restOfLine() const {
    size_t e = src_.find('\n', pos_);
    return src_.substr(pos_, e == std::string::npos ? std::string::npos : e - pos_);
  }

  // True if the current line, trimmed, is exactly `marker`.
  bool lineIs(const char *marker) const {
    size_t b = pos_;
    while (b > 0 && src_[b - 1] != '\n')
      --b;
    size_t e = src_.find('\n', b);
    std::string line = src_.substr(b, e == std::string::npos ? std::string::npos : e - b);
    size_t s = line.find_first_not_of(" \t\r");
    size_t t = line.find_last_not_of(" \t\r");
    return s != std::string::npos && line.substr(s, t - s + 1) == marker;
  }

  void skipToLineEnd() {
    while (pos_ < src_.size() && src_[pos_] != '\n')
      advance();
  }

  // Skips blanks, comments and continuations; returns whether any were seen.
  bool skipSpaceAndComments() {
    bool any = false;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        advance();
        any = true;
      } else if (c == '%' || c == '#') {
        if ((peek(1) == '{') && lineIs(c == '%' ? "%{" : "#{")) {
          skipBlockComment(c);
        } else {
          skipToLineEnd();
        }
        any = true;
      } else if (c == '.' && peek(1) == '.' && peek(2) == '.') {
        // Continuation: the rest of the line is a comment and the newline vanishes.
        skipToLineEnd();
        if (pos_ < src_.size())
          advance();
        any = true;
      } else {
        break;
      }
    }
    return any;
  }

  void skipBlockComment(char lead) {
    SourceLoc start = here();
    std::string open = std::string(1, lead) + "{", close = std::string(1, lead) + "}";
    int depth = 0;
    while (pos_ < src_.size()) {
      std::string line = restOfLine();
      size_t s = line.find_first_not_of(" \t\r");
      size_t t = line.find_last_not_of(" \t\r");
      std::string trimmed = s == std::string::npos ? "" : line.substr(s, t - s + 1);
      if (trimmed == open)
        ++depth;
      else if (trimmed == close)
        --depth;
      skipToLineEnd();
      if (depth == 0)
        return; // leave the newline: it ends the statement before the comment
      if (pos_ < src_.size())
        advance();
    }
    error("unterminated block comment (missing a line with only '" + close + "')", start);
  }

  bool quoteIsTranspose(bool spaceBefore) const {
    if (out_.empty())
      return false;
    const Token &p = out_.back();
    bool valueEnd = p.kind == Tok::Identifier || p.kind == Tok::Number ||
                    p.kind == Tok::String || p.kind == Tok::DQString ||
                    (p.kind == Tok::Op && (p.text == ")" || p.text == "]" || p.text == "}" ||
                                           p.text == "'" || p.text == ".'")) ||
                    (p.kind == Tok::Keyword && p.text == "end");
    if (!valueEnd)
      return false;
    // Inside [ ] or { }, "a 'x'" is two elements: a space before ' opens a string.
    if (spaceBefore && inMatrix())
      return false;
    return true;
  }

  bool inMatrix() const { return !brackets_.empty() && (brackets_.back() == '[' || brackets_.back() == '{'); }

  void lexWord(Token &t) {
    size_t s = pos_;
    while (pos_ < src_.size() && (std::isalnum((unsigned char)src_[pos_]) || src_[pos_] == '_'))
      advance();
    t.text = src_.substr(s, pos_ - s);
    t.kind = isKeyword(t.text) ? Tok::Keyword : Tok::Identifier;
  }

  void lexNumber(Token &t) {
    std::string digits;
    auto takeDigits = [&] {
      bool any = false;
      while (pos_ < src_.size() && (std::isdigit((unsigned char)src_[pos_]) || src_[pos_] == '_')) {
        if (src_[pos_] == '_') {
          // Digit separators, as in 10_000: only between digits.
          if (!any || !std::isdigit((unsigned char)peek(1)))
            error("'_' in a number must stand between digits", here());
        } else {
          digits += src_[pos_];
          any = true;
        }
        advance();
      }
      return any;
    };
    takeDigits();
    // A '.' belongs to the number unless it starts an operator such as .* or .^
    if (peek() == '.' && !(peek(1) == '*' || peek(1) == '/' || peek(1) == '\\' || peek(1) == '^' ||
                           peek(1) == '\'' || (peek(1) == '.' && peek(2) == '.'))) {
      digits += '.';
      advance();
      takeDigits();
    }
    if (peek() == 'e' || peek() == 'E') {
      char sign = peek(1);
      bool hasSign = sign == '+' || sign == '-';
      if (std::isdigit((unsigned char)peek(hasSign ? 2 : 1))) {
        digits += 'e';
        advance();
        if (hasSign) {
          digits += sign;
          advance();
        }
        takeDigits();
      } else {
        error("malformed exponent in number", here());
      }
    }
    if (std::isalpha((unsigned char)peek()) || peek() == '_') {
      char c = peek();
      if ((c == 'i' || c == 'j') && !std::isalnum((unsigned char)peek(1)))
        error("complex numbers are not supported", here());
      error(std::string("unexpected '") + c + "' after a number", here());
    }
    t.kind = Tok::Number;
    t.text = digits;
    t.number = std::strtod(digits.c_str(), nullptr);
  }

  void lexString(Token &t, char quote) {
    SourceLoc start = here();
    advance(); // opening quote
    std::string text;
    while (true) {
      if (pos_ >= src_.size() || src_[pos_] == '\n')
        error(std::string("unterminated string (missing closing ") + quote + ")", start);
      char c = src_[pos_];
      if (c == quote) {
        if (peek(1) == quote) { // doubled quote is a literal quote
          text += quote;
          advance();
          advance();
          continue;
        }
        advance();
        break;
      }
      text += c;
      advance();
    }
    t.kind = quote == '"' ? Tok::DQString : Tok::String;
    t.text = text;
  }

  void lexOperator(Token &t) {
    static const char *const ops[] = {"...", ".*", "./", ".\\", ".^", ".'", "==", "~=", "!=", "<=", ">=",
                                      "&&",  "||", "+",  "-",   "*",  "/",  "\\", "^",  "<",  ">",
                                      "&",   "|",  "~",  "!",   "=",  "(",  ")",  "[",  "]",  "{",
                                      "}",   ":",  ".",  "@",   ",",  ";"};
    for (const char *op : ops) {
      size_t n = std::char_traits<char>::length(op);
      if (src_.compare(pos_, n, op) == 0) {
        for (size_t i = 0; i < n; ++i)
          advance();
        t.text = op;
        if (t.text == ",")
          t.kind = Tok::Comma;
        else if (t.text == ";")
          t.kind = Tok::Semicolon;
        else
          t.kind = Tok::Op;
        if (t.text == "(" || t.text == "[" || t.text == "{")
          brackets_.push_back(t.text[0]);
        else if ((t.text == ")" || t.text == "]" || t.text == "}") && !brackets_.empty())
          brackets_.pop_back();
        return;
      }
    }
    char c = src_[pos_];
    if ((unsigned char)c < 32 || (unsigned char)c > 126)
      error("unexpected character (byte 0x" + hex(c) + ")", here());
    error(std::string("unexpected character '") + c + "'", here());
  }

  static std::string hex(char c) {
    const char *d = "0123456789abcdef";
    unsigned char u = (unsigned char)c;
    return std::string{d[u >> 4], d[u & 15]};
  }

  const std::string &src_;
  std::string file_;
  size_t pos_ = 0;
  int line_ = 1, col_ = 1;
  std::vector<char> brackets_;
  std::vector<Token> out_;
};

} // namespace

bool isKeyword(const std::string &word) {
  for (const char *k : kKeywords)
    if (word == k)
      return true;
  return false;
}

std::vector<Token> lex(const std::string &source, const std::string &fileName) {
  return Lexer(source, fileName).run();
}

} // namespace runmat::frontend
