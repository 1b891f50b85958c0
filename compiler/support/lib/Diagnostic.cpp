#include "runmat/support/Diagnostic.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace runmat {

std::string SourceLoc::str() const {
  std::string s = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0)
      s += ":" + std::to_string(column);
  }
  return s;
}

bool SourceLoc::parse(const std::string &text, SourceLoc &out) {
  // Split from the right so that file names containing ':' still work.
  size_t c2 = text.rfind(':');
  if (c2 == std::string::npos || c2 == 0)
    return false;
  size_t c1 = text.rfind(':', c2 - 1);
  if (c1 == std::string::npos)
    return false;
  try {
    size_t used = 0;
    std::string lineText = text.substr(c1 + 1, c2 - c1 - 1);
    std::string colText = text.substr(c2 + 1);
    if (lineText.empty() || colText.empty())
      return false;
    int line = std::stoi(lineText, &used);
    if (used != lineText.size())
      return false;
    int col = std::stoi(colText, &used);
    if (used != colText.size() || line < 0 || col < 0)
      return false;
    out.file = text.substr(0, c1);
    out.line = line;
    out.column = col;
    return true;
  } catch (...) {
    return false;
  }
}

CompileError::CompileError(SourceLoc loc, std::string message, std::vector<Problem> further)
    : std::runtime_error(loc.str() + ": error: " + message), loc_(std::move(loc)),
      message_(std::move(message)), further_(std::move(further)) {}

namespace {
constexpr int kLineWindow = 120; // characters of a source line shown at most
} // namespace

std::string formatDiagnostic(const SourceLoc &loc, const std::string &message,
                             const std::string *sourceText) {
  std::ostringstream os;
  os << loc.str() << ": error: " << message << "\n";
  if (sourceText && loc.line > 0) {
    std::istringstream in(*sourceText);
    std::string lineText;
    for (int i = 1; std::getline(in, lineText); ++i) {
      if (i != loc.line)
        continue;
      // A very long line (generated code) shows a window around the column.
      int column = loc.column;
      if ((int)lineText.size() > kLineWindow) {
        const int first = std::max(0, std::min(column - 1 - kLineWindow / 2, (int)lineText.size() - kLineWindow));
        lineText = (first > 0 ? "..." : "") + lineText.substr((size_t)first, kLineWindow) +
                   (first + kLineWindow < (int)lineText.size() ? "..." : "");
        if (column > 0) column = column - first + (first > 0 ? 3 : 0);
      }
      os << "  " << lineText << "\n";
      if (column > 0) {
        std::string pad;
        for (int c = 1; c < column && c <= (int)lineText.size(); ++c)
          pad += lineText[c - 1] == '\t' ? '\t' : ' ';
        os << "  " << pad << "^\n";
      }
      break;
    }
  }
  return os.str();
}

std::string readFileOrThrow(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CompileError(SourceLoc{path, 0, 0}, "cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace runmat
