#include "runmat/contract/ParamSource.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace runmat {

namespace {

// Directive framing: control characters a source text cannot hold.
constexpr char kOpen = '\x1d', kField = '\x1f', kClose = '\x1e';

} // namespace

std::string escapeForPrintFormat(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%%";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out;
}

std::string EnvText::apply(const std::string &transform, const std::string &text) {
  std::string s = text;
  if (transform == "lower") {
    for (char &c : s) c = (char)std::tolower((unsigned char)c);
  } else if (transform == "upper") {
    for (char &c : s) c = (char)std::toupper((unsigned char)c);
  } else if (transform == "strtrim") {
    // MATLAB's strtrim: white space (and NUL) at both ends.
    auto space = [](char c) { return std::isspace((unsigned char)c) || c == '\0'; };
    size_t b = 0, e = s.size();
    while (b < e && space(s[b])) ++b;
    while (e > b && space(s[e - 1])) --e;
    s = s.substr(b, e - b);
  } else {
    throw std::runtime_error("unknown text function '" + transform + "'");
  }
  return s;
}

std::string EnvText::read() const {
  const char *raw = std::getenv(var.c_str());
  std::string s = raw ? raw : "";
  if (s.empty() && hasFallback) return fallback; // the fallback is stored already transformed
  for (const std::string &t : transforms) s = apply(t, s);
  return s;
}

bool isEnvTextTransform(const std::string &name) { return name == "lower" || name == "upper" || name == "strtrim"; }

double textToDouble(const std::string &text) {
  std::string s = EnvText::apply("strtrim", text);
  if (s.empty()) return std::nan("");
  std::string lower = EnvText::apply("lower", s);
  size_t signs = (lower[0] == '+' || lower[0] == '-') ? 1 : 0;
  std::string body = lower.substr(signs);
  double sign = signs && lower[0] == '-' ? -1.0 : 1.0;
  if (body == "inf" || body == "infinity") return sign * INFINITY;
  if (body == "nan") return std::nan("");
  // Digits, one point, an exponent: nothing else (strtod would take hex and more).
  size_t p = 0, digits = 0;
  while (p < body.size() && std::isdigit((unsigned char)body[p])) ++p, ++digits;
  if (p < body.size() && body[p] == '.') {
    ++p;
    while (p < body.size() && std::isdigit((unsigned char)body[p])) ++p, ++digits;
  }
  if (digits == 0) return std::nan("");
  if (p < body.size() && (body[p] == 'e' || body[p] == 'd')) {
    ++p;
    if (p < body.size() && (body[p] == '+' || body[p] == '-')) ++p;
    size_t expDigits = 0;
    while (p < body.size() && std::isdigit((unsigned char)body[p])) ++p, ++expDigits;
    if (expDigits == 0) return std::nan("");
  }
  if (p != body.size()) return std::nan("");
  std::string number = body;
  for (char &c : number)
    if (c == 'd') c = 'e';
  return sign * std::strtod(number.c_str(), nullptr);
}

double ParamSource::value(bool userBound) const {
  switch (kind) {
  case ParamSourceKind::User:
    break;
  case ParamSourceKind::Given:
    return userBound ? 1.0 : 0.0;
  case ParamSourceKind::Env: {
    std::string s = text.read();
    if (query == "length") return (double)s.size();
    if (query == "number") return textToDouble(s);
    if (query == "equals") return s == literal ? 1.0 : 0.0;
    break;
  }
  }
  throw std::runtime_error("parameter source without a value (" + describe() + ")");
}

std::string ParamSource::describe() const {
  switch (kind) {
  case ParamSourceKind::User:
    return "user";
  case ParamSourceKind::Given:
    return "given(" + var + ")";
  case ParamSourceKind::Env: {
    std::string t = "getenv('" + text.var + "')";
    for (const std::string &f : text.transforms) t = f + "(" + t + ")";
    if (text.hasFallback) t += " or '" + text.fallback + "' when unset";
    if (query == "equals") return "strcmp(" + t + ", '" + literal + "')";
    if (query == "number") return "str2double(" + t + ")";
    return "length(" + t + ")";
  }
  }
  return "?";
}

std::string encodeEnvDirective(const EnvText &t) {
  std::string out(1, kOpen);
  out += t.var;
  out += kField;
  for (size_t i = 0; i < t.transforms.size(); ++i) out += (i ? "," : "") + t.transforms[i];
  out += kField;
  out += t.hasFallback ? "1" : "0";
  out += kField;
  out += t.fallback;
  out += kClose;
  return out;
}

std::string expandEnvDirectives(const std::string &format) {
  std::string out;
  for (size_t p = 0; p < format.size(); ++p) {
    if (format[p] != kOpen) {
      out += format[p];
      continue;
    }
    size_t end = format.find(kClose, p);
    if (end == std::string::npos) throw std::runtime_error("unterminated environment text in a print format");
    std::vector<std::string> fields{""};
    for (size_t q = p + 1; q < end; ++q) {
      if (format[q] == kField) fields.emplace_back();
      else fields.back() += format[q];
    }
    if (fields.size() != 4) throw std::runtime_error("malformed environment text in a print format");
    EnvText t;
    t.var = fields[0];
    size_t start = 0;
    while (!fields[1].empty() && start <= fields[1].size()) {
      size_t comma = fields[1].find(',', start);
      t.transforms.push_back(fields[1].substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    t.hasFallback = fields[2] == "1";
    t.fallback = fields[3];
    out += escapeForPrintFormat(t.read());
    p = end;
  }
  return out;
}

} // namespace runmat
