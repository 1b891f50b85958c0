#include "Format.h"

#include "runmat/runmat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace runmat::rt {

namespace {

std::string unescape(const std::string &f) {
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '\\' || i + 1 == f.size()) {
      out += f[i];
      continue;
    }
    char c = f[++i];
    switch (c) {
    case 'n': out += '\n'; break;
    case 't': out += '\t'; break;
    case 'r': out += '\r'; break;
    case 'a': out += '\a'; break;
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'v': out += '\v'; break;
    case '\\': out += '\\'; break;
    case '"': out += '"'; break;
    case '\'': out += '\''; break;
    default: out += '\\'; out += c; break;
    }
  }
  return out;
}

std::string cformat(const std::string &spec, double v) {
  char buf[512];
  std::snprintf(buf, sizeof buf, spec.c_str(), v);
  return buf;
}

std::string nonFinite(const std::string &flagsWidth, double v) {
  const char *text = std::isnan(v) ? "NaN" : v > 0 ? "Inf" : "-Inf";
  char buf[128];
  std::snprintf(buf, sizeof buf, ("%" + flagsWidth + "s").c_str(), text);
  return buf;
}

// One conversion: %[flags][width][.precision]type applied to v.
std::string convert(const std::string &flags, const std::string &width, const std::string &precision, char type,
                    double v) {
  std::string fw = flags + width;
  switch (type) {
  case 'd':
  case 'i':
  case 'u':
    if (!std::isfinite(v)) return nonFinite(fw, v);
    if (v != std::floor(v)) // Octave prints a non-integer with %d as %g would (MATLAB uses %e)
      return cformat("%" + fw + (precision.empty() ? "" : "." + precision) + (precision.empty() ? "g" : "g"), v);
    {
      char buf[128];
      std::snprintf(buf, sizeof buf, ("%" + fw + (precision.empty() ? "" : "." + precision) + "lld").c_str(),
                    (long long)v);
      return buf;
    }
  case 'x':
  case 'X':
  case 'o':
    if (!std::isfinite(v) || v != std::floor(v) || v < 0) return convert(flags, width, precision, 'g', v);
    {
      char buf[128];
      std::snprintf(buf, sizeof buf, ("%" + fw + "ll" + std::string(1, type)).c_str(), (unsigned long long)v);
      return buf;
    }
  case 'c':
  case 's':
    if (std::isfinite(v) && v == std::floor(v) && v >= 0 && v < 0x110000) {
      std::string ch(1, (char)(unsigned char)v);
      char buf[512];
      std::snprintf(buf, sizeof buf, ("%" + fw + "s").c_str(), ch.c_str());
      return buf;
    }
    return convert(flags, width, precision, type == 's' ? 'g' : 'f', v);
  case 'N': { // num2str(x) (runmatc's own conversion): integers whole, others with 5 significant digits or more
    if (!std::isfinite(v)) return nonFinite(fw, v);
    if (v == std::floor(v)) return cformat("%" + fw + ".0f", v == 0 ? 0.0 : v);
    int digits = (int)std::floor(std::log10(std::fabs(v)));
    digits = std::min(std::max(digits + 5, 5), 16);
    return cformat("%" + fw + "." + std::to_string(digits) + "g", v);
  }
  default: // f e g E G
    if (!std::isfinite(v)) return nonFinite(fw, v);
    return cformat("%" + fw + (precision.empty() ? "" : "." + precision) + std::string(1, type), v);
  }
}

struct Conversion {
  size_t start, end; // [start, end) in the format
  std::string flags, width, precision;
  char type;
};

std::vector<Conversion> parseConversions(const std::string &f) {
  std::vector<Conversion> out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (i + 1 < f.size() && f[i + 1] == '%') {
      ++i;
      continue;
    }
    Conversion c;
    c.start = i;
    size_t j = i + 1;
    while (j < f.size() && std::strchr("-+ #0", f[j])) c.flags += f[j++];
    while (j < f.size() && std::isdigit((unsigned char)f[j])) c.width += f[j++];
    if (j < f.size() && f[j] == '.') {
      ++j;
      c.precision = "";
      while (j < f.size() && std::isdigit((unsigned char)f[j])) c.precision += f[j++];
      if (c.precision.empty()) c.precision = "0";
    }
    while (j < f.size() && std::strchr("lhLqjzt", f[j])) ++j; // length modifiers mean nothing here
    if (j >= f.size() || !std::strchr("diuoxXfeEgGcsN", f[j])) continue; // not a conversion: literal text
    c.type = f[j];
    c.end = j + 1;
    out.push_back(c);
    i = j;
  }
  return out;
}

std::string literal(const std::string &f, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    out += f[i];
    if (f[i] == '%' && i + 1 < to && f[i + 1] == '%') ++i;
  }
  return out;
}

} // namespace

std::string formatPrintf(const std::string &format, const std::vector<double> &values) {
  std::string f = unescape(format);
  std::vector<Conversion> convs = parseConversions(f);
  std::string out;
  if (convs.empty()) return literal(f, 0, f.size());
  size_t next = 0;
  do {
    size_t pos = 0;
    for (const Conversion &c : convs) {
      out += literal(f, pos, c.start);
      if (next >= values.size()) return out; // stop at the first conversion without data
      out += convert(c.flags, c.width, c.precision, c.type, values[next++]);
      pos = c.end;
    }
    out += literal(f, pos, f.size());
  } while (next < values.size());
  return out;
}

namespace {

bool allIntegers(const std::vector<double> &d) {
  for (double v : d)
    if (std::isfinite(v) && v != std::floor(v)) return false;
  return true;
}

// Octave's "format short": five significant digits (output_precision).
constexpr int kPrecision = 5;
// The widest fixed-point field Octave prints before it switches to an
// exponent (one sign place, the digits and the point).
constexpr int kWidestFixedField = 9;
// Octave shows integer matrices of up to six digits as integers.
constexpr int kWidestIntegerDigits = 6;
// The width octave-cli assumes for its output when it is not a terminal:
// wider matrices are split into column chunks.
constexpr int kTerminalWidth = 80;

// Digits before the point (Octave's num_digits); 0 for 0.
int digitsOf(double a) { return a == 0 ? 0 : (int)std::floor(std::log10(a)) + 1; }

// Places before and after the point that Octave gives numbers of `digits`.
void placesFor(int digits, int &ld, int &rd) {
  if (digits > 0) {
    ld = digits;
    rd = kPrecision > digits ? kPrecision - digits : kPrecision;
  } else if (digits < 0) {
    ld = 1;
    rd = kPrecision > digits ? kPrecision - digits : kPrecision;
  } else {
    ld = 1;
    rd = kPrecision > 1 ? kPrecision - 1 : kPrecision;
  }
}

std::string nonFiniteText(double v) { return std::isnan(v) ? "NaN" : v > 0 ? "Inf" : "-Inf"; }

// Octave's "format short" for one number shown alone.
std::string scalarText(double v, int dtype, bool integerClass) {
  if (dtype == RM_LOGICAL) return v != 0 ? "1" : "0";
  char buf[64];
  if (integerClass) {
    std::snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v);
    return buf;
  }
  if (!std::isfinite(v)) return nonFiniteText(v);
  if (v == std::floor(v) && std::fabs(v) < 1e10) {
    std::snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v);
    return buf;
  }
  int ld, rd;
  placesFor(digitsOf(std::fabs(v)), ld, rd);
  if (1 + ld + 1 + rd > kWidestFixedField) std::snprintf(buf, sizeof buf, "%.*e", kPrecision - 1, v);
  else std::snprintf(buf, sizeof buf, "%.*f", rd, v);
  return buf;
}

// How a matrix's numbers are written: one field width for all, and the
// conversion (Octave's make_real_matrix_format).
struct MatrixFormat {
  enum Kind { Integer, Fixed, Exponent } kind;
  int width;    // field width, one place for a sign included
  int decimals; // Fixed and Exponent
};

MatrixFormat matrixFormat(const DisplayValue &v) {
  double maxAbs = 0, minAbs = INFINITY;
  bool nonFinite = false;
  for (double x : v.data) {
    if (!std::isfinite(x)) {
      nonFinite = true;
      continue;
    }
    maxAbs = std::max(maxAbs, std::fabs(x));
    minAbs = std::min(minAbs, std::fabs(x));
  }
  if (minAbs == INFINITY) minAbs = 0;
  int xMax = digitsOf(maxAbs), xMin = digitsOf(minAbs);
  if (v.dtype == RM_LOGICAL) return {MatrixFormat::Integer, 1, 0};
  if (v.integerClass) {
    // Octave: the most digits, and a place for a sign if one is negative.
    // Its abs(intmin) wraps to intmin, so intmin counts for neither.
    int digits = 0;
    bool negative = false;
    for (double x : v.data) {
      if (x == v.integerLowest && x < 0) continue;
      digits = std::max(digits, digitsOf(std::fabs(x)));
      negative |= x < 0;
    }
    return {MatrixFormat::Integer, std::max(1, digits + (negative ? 1 : 0)), 0};
  }
  if (allIntegers(v.data)) {
    int digits = std::max(xMax, xMin);
    int width = digits <= 0 ? 2 : digits + 1;
    if (nonFinite && width < 4) width = 4;
    if (digits <= kWidestIntegerDigits) return {MatrixFormat::Integer, width, 0};
  } else {
    int ldMax, rdMax, ldMin, rdMin;
    placesFor(xMax, ldMax, rdMax);
    placesFor(xMin, ldMin, rdMin);
    int ld = std::max(ldMax, ldMin), rd = std::max(rdMax, rdMin);
    int width = 1 + ld + 1 + rd;
    if (nonFinite && width < 4) width = 4;
    if (width <= kWidestFixedField) return {MatrixFormat::Fixed, width, rd};
  }
  // sign, digit, point, decimals, "e+", the exponent's digits (two, or
  // three from 1e100)
  int exponentDigits = std::max({2, std::abs(xMax - 1) >= 100 ? 3 : 2, std::abs(xMin - 1) >= 100 ? 3 : 2});
  return {MatrixFormat::Exponent, 1 + 1 + 1 + (kPrecision - 1) + 2 + exponentDigits, kPrecision - 1};
}

std::string matrixText(const DisplayValue &v) {
  int64_t rows = v.dims.empty() ? 1 : v.dims[0];
  int64_t cols = (int64_t)v.data.size() / std::max<int64_t>(rows, 1);
  MatrixFormat fmt = matrixFormat(v);
  std::vector<std::string> cells(v.data.size());
  for (size_t i = 0; i < v.data.size(); ++i) {
    double x = v.data[i];
    char buf[64];
    if (!std::isfinite(x)) std::snprintf(buf, sizeof buf, "%s", nonFiniteText(x).c_str());
    else if (fmt.kind == MatrixFormat::Integer || x == 0)
      std::snprintf(buf, sizeof buf, "%.0f", x == 0 ? 0.0 : x); // Octave shows an exact 0 as 0
    else if (fmt.kind == MatrixFormat::Exponent) std::snprintf(buf, sizeof buf, "%.*e", fmt.decimals, x);
    else std::snprintf(buf, sizeof buf, "%.*f", fmt.decimals, x);
    cells[i] = buf;
  }
  const int gap = 2;
  const int column = fmt.width + gap;
  // Octave splits a matrix wider than the terminal into chunks of columns.
  int64_t perChunk = cols;
  if ((int64_t)column * cols > kTerminalWidth) perChunk = std::max<int64_t>(1, kTerminalWidth / column);
  std::string out;
  for (int64_t first = 0; first < cols; first += perChunk) {
    int64_t last = std::min(cols, first + perChunk); // one past
    if (perChunk < cols) {
      if (first != 0) out += "\n";
      int64_t n = last - first;
      if (n == 1) out += " Column " + std::to_string(first + 1) + ":\n\n";
      else
        out += " Columns " + std::to_string(first + 1) + (n == 2 ? " and " : " through ") + std::to_string(last) +
               ":\n\n";
    }
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t c = first; c < last; ++c) {
        const std::string &s = cells[(size_t)(r + c * rows)];
        if (v.integerClass) // two spaces, then the number right-aligned (wider ones stick out)
          out += "  " + std::string((size_t)fmt.width - std::min<size_t>(s.size(), fmt.width), ' ') + s;
        else
          out += std::string(column - std::min<size_t>(s.size(), column - 1), ' ') + s;
      }
      out += "\n";
    }
  }
  return out;
}

std::string dimsText(const std::vector<int64_t> &dims) {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "x" : "") + std::to_string(dims[i]);
  return s;
}

} // namespace

std::string formatDisplay(const std::string *name, const DisplayValue &v) {
  if (v.data.empty()) {
    std::string e = "[](" + dimsText(v.dims) + ")";
    return name ? *name + " = " + e + "\n" : "";
  }
  if (v.data.size() == 1) {
    std::string s = scalarText(v.data[0], v.dtype, v.integerClass);
    return name ? *name + " = " + s + "\n" : s + "\n";
  }
  std::string body;
  if (v.dims.size() <= 2) {
    body = matrixText(v);
  } else {
    // N-D arrays show one 2-D page at a time, as Octave does.
    int64_t rows = v.dims[0], cols = v.dims[1], page = rows * cols;
    int64_t pages = (int64_t)v.data.size() / std::max<int64_t>(page, 1);
    for (int64_t p = 0; p < pages; ++p) {
      std::string index = "(:,:";
      int64_t rem = p;
      for (size_t d = 2; d < v.dims.size(); ++d) {
        index += "," + std::to_string(rem % v.dims[d] + 1);
        rem /= v.dims[d];
      }
      DisplayValue slice{std::vector<double>(v.data.begin() + p * page, v.data.begin() + (p + 1) * page),
                         {rows, cols}, v.dtype, v.integerClass};
      body += "ans" + index + ") =\n\n" + matrixText(slice) + "\n";
    }
  }
  if (!name) return body;
  return *name + " =\n\n" + body + (v.dims.size() <= 2 ? "\n" : "");
}

} // namespace runmat::rt
