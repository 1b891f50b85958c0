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

// Octave's "format short" for one number shown alone.
std::string scalarText(double v, int dtype) {
  if (dtype == RM_LOGICAL) return v != 0 ? "1" : "0";
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e10) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  double a = std::fabs(v);
  int digits = (int)std::floor(std::log10(a)) + 1; // digits before the point
  if (digits > 4 || digits < -4) {
    std::snprintf(buf, sizeof buf, "%.4e", v);
  } else {
    int decimals = 4 - std::max(digits - 1, 0);
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  }
  return buf;
}

std::string matrixText(const DisplayValue &v) {
  int64_t rows = v.dims.empty() ? 1 : v.dims[0];
  int64_t cols = v.data.size() / (size_t)std::max<int64_t>(rows, 1);
  double maxAbs = 0, minAbs = INFINITY;
  for (double x : v.data)
    if (std::isfinite(x) && x != 0) {
      maxAbs = std::max(maxAbs, std::fabs(x));
      minAbs = std::min(minAbs, std::fabs(x));
    }
  // Octave shows integers of up to six digits as integers, larger ones
  // with an exponent.
  bool ints = v.dtype == RM_LOGICAL || (allIntegers(v.data) && maxAbs < 1e6);
  bool exponent = !ints && (maxAbs >= 1e5 || (minAbs < 1e-5 && minAbs > 0) || (maxAbs / minAbs >= 1e5));
  std::vector<std::string> cells(v.data.size());
  size_t width = 0;
  for (size_t i = 0; i < v.data.size(); ++i) {
    double x = v.data[i];
    char buf[64];
    if (!std::isfinite(x)) std::snprintf(buf, sizeof buf, "%s", std::isnan(x) ? "NaN" : x > 0 ? "Inf" : "-Inf");
    else if (ints || x == 0) std::snprintf(buf, sizeof buf, "%.0f", x == 0 ? 0.0 : x); // Octave shows an exact 0 as 0
    else if (exponent) std::snprintf(buf, sizeof buf, "%.4e", x);
    else {
      int digits = maxAbs >= 1 ? (int)std::floor(std::log10(maxAbs)) + 1 : 1;
      std::snprintf(buf, sizeof buf, "%.*f", std::max(4 - (digits - 1), 1), x);
    }
    cells[i] = buf;
    width = std::max(width, cells[i].size());
  }
  std::string out;
  const size_t gap = v.dtype == RM_LOGICAL ? 2 : 3; // Octave sets logical columns closer
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      const std::string &s = cells[(size_t)(r + c * rows)];
      out += std::string(gap + width - s.size(), ' ') + s;
    }
    out += "\n";
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
    std::string s = scalarText(v.data[0], v.dtype);
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
                         {rows, cols}, v.dtype};
      body += "ans" + index + ") =\n\n" + matrixText(slice) + "\n";
    }
  }
  if (!name) return body;
  return *name + " =\n\n" + body + (v.dims.size() <= 2 ? "\n" : "");
}

} // namespace runmat::rt
