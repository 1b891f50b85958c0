// Where a parameter's value comes from when a run starts. Most parameters
// are the user's (bound by name, else their default); the others are set by
// the shim and never by the user:
//  - env: a number a program asks of an environment variable's text
//    (getenv), read when the run starts: its length, str2double of it, or
//    whether it equals a literal, after the text functions the program
//    applied (lower, upper, strtrim); `fallback` stands for the text when
//    the variable is unset or empty (if isempty(getenv(...)) ... else ...).
//  - given: 1 when the user bound parameter `var`, else 0 (a parameter
//    whose default the program computes, or whose guard has an else).
// The compiler writes these into the manifest and into print formats
// (printing the text itself); the shim evaluates them. One definition here
// keeps the two sides the same.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace runmat {

struct EnvText {
  std::string var;
  std::vector<std::string> transforms; // "lower", "upper", "strtrim", applied in order
  bool hasFallback = false;
  std::string fallback;

  // The text as the program sees it, from the environment now.
  std::string read() const;
  // The text `transform` makes of `text` (lower, upper, strtrim).
  static std::string apply(const std::string &transform, const std::string &text);
  bool operator==(const EnvText &o) const {
    return var == o.var && transforms == o.transforms && hasFallback == o.hasFallback && fallback == o.fallback;
  }
};

enum class ParamSourceKind { User, Env, Given };

struct ParamSource {
  ParamSourceKind kind = ParamSourceKind::User;
  // Env: the text and what is asked of it ("length", "number", "equals" literal).
  EnvText text;
  std::string query;
  std::string literal;
  // Given: the user parameter asked about.
  std::string var;

  // The value the shim binds for an Env or Given source; `userBound` tells
  // whether the user bound `var` (Given).
  double value(bool userBound) const;
  // How it reads in listings and messages: getenv('N') length, given(M), ...
  std::string describe() const;
};

// The text functions a program may apply to environment text.
bool isEnvTextTransform(const std::string &name);
// str2double's rule: the number the whole text spells (spaces around it
// allowed; Inf, NaN, signs, exponents), else NaN.
double textToDouble(const std::string &text);

// Print formats carry environment text as one directive, expanded by the
// shim before the format is interpreted: encode for the compiler,
// expandEnvDirectives for the shim (the text is escaped so that its '%'
// and '\' print as themselves).
std::string encodeEnvDirective(const EnvText &t);
std::string expandEnvDirectives(const std::string &format);
// Text as a print format that prints it literally ('%' and '\' escaped).
std::string escapeForPrintFormat(const std::string &text);

} // namespace runmat
