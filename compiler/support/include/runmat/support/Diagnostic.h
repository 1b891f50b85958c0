// Source locations and the one error type the front half of runmatc throws.
//
// Every user-facing error carries a location: a file with line and column for
// program text, or a trace file with the YAML line and the node it concerns.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace runmat {

struct SourceLoc {
  std::string file;
  int line = 0;   // 1-based; 0 means unknown
  int column = 0; // 1-based; 0 means unknown

  bool known() const { return line > 0; }
  // "file:line:col", "file:line" or "file" depending on what is known.
  std::string str() const;
  // Parses "file:line:col" (the form str() writes); returns false if malformed.
  static bool parse(const std::string &text, SourceLoc &out);
};

// A diagnosed error in user input (program, trace, parameters). Thrown inside
// the compiler's C++ layers and caught by the tools, which print it and exit
// non-zero; never thrown across the runtime shim's C ABI.
class CompileError : public std::runtime_error {
public:
  struct Problem {
    SourceLoc loc;
    std::string message;
  };
  CompileError(SourceLoc loc, std::string message, std::vector<Problem> further = {});
  const SourceLoc &loc() const { return loc_; }
  const std::string &message() const { return message_; }
  // Independent problems found after this one in the same input (the
  // frontend goes on past a failing statement to report up to ten).
  const std::vector<Problem> &further() const { return further_; }

private:
  SourceLoc loc_;
  std::string message_;
  std::vector<Problem> further_;
};

// "file:line:col: error: message", followed, when the source text is given and
// the location is known, by the offending line and a caret under the column.
std::string formatDiagnostic(const SourceLoc &loc, const std::string &message,
                             const std::string *sourceText = nullptr);

// Reads a whole file; throws CompileError naming the path when it cannot.
std::string readFileOrThrow(const std::string &path);

} // namespace runmat
