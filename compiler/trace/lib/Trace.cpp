#include "runmat/trace/Trace.h"

#include <cctype>

namespace runmat::trace {

const char *dtypeName(DType t) {
  switch (t) {
  case DType::Double: return "double";
  case DType::Single: return "single";
  case DType::Logical: return "logical";
  }
  return "?";
}

std::optional<DType> parseDType(const std::string &name) {
  if (name == "double") return DType::Double;
  if (name == "single") return DType::Single;
  if (name == "logical") return DType::Logical;
  return std::nullopt;
}

const char *entryKindName(EntryKind k) {
  switch (k) {
  case EntryKind::Script: return "script";
  case EntryKind::Function: return "function";
  case EntryKind::HostFunction: return "host_function";
  }
  return "?";
}

std::optional<EntryKind> parseEntryKind(const std::string &name) {
  for (EntryKind k : {EntryKind::Script, EntryKind::Function, EntryKind::HostFunction})
    if (name == entryKindName(k)) return k;
  return std::nullopt;
}

int dtypeBytes(DType t) {
  switch (t) {
  case DType::Double: return 8;
  case DType::Single: return 4;
  case DType::Logical: return 1;
  }
  return 8;
}

namespace {
struct IntegerClassInfo {
  IntegerClass cls;
  const char *name;
  double lo, hi;
};
constexpr IntegerClassInfo kIntegerClasses[] = {
    {IntegerClass::Int8, "int8", -128.0, 127.0},
    {IntegerClass::Int16, "int16", -32768.0, 32767.0},
    {IntegerClass::Int32, "int32", -2147483648.0, 2147483647.0},
    {IntegerClass::Int64, "int64", -9223372036854775808.0, 9223372036854775807.0},
    {IntegerClass::UInt8, "uint8", 0.0, 255.0},
    {IntegerClass::UInt16, "uint16", 0.0, 65535.0},
    {IntegerClass::UInt32, "uint32", 0.0, 4294967295.0},
    {IntegerClass::UInt64, "uint64", 0.0, 18446744073709551615.0},
};
} // namespace

const char *integerClassName(IntegerClass c) {
  for (const IntegerClassInfo &i : kIntegerClasses)
    if (i.cls == c) return i.name;
  return "";
}

std::optional<IntegerClass> parseIntegerClass(const std::string &name) {
  for (const IntegerClassInfo &i : kIntegerClasses)
    if (name == i.name) return i.cls;
  return std::nullopt;
}

void integerClassRange(IntegerClass c, double &lo, double &hi) {
  lo = hi = 0;
  for (const IntegerClassInfo &i : kIntegerClasses)
    if (i.cls == c) lo = i.lo, hi = i.hi;
}

std::string Dim::str() const { return isConstant() ? std::to_string(extent) : symbol; }

Dim Type::dim(size_t d) const {
  if (scalar || d == 0 || d > shape.size())
    return Dim::constant(1);
  return shape[d - 1];
}

std::string Type::str() const {
  std::string s = dtypeName(dtype);
  if (scalar)
    return s;
  s += "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ",";
    s += shape[i].str();
  }
  return s + "]";
}

static bool isIdentStart(char c) { return std::isalpha((unsigned char)c) || c == '_'; }
static bool isIdentChar(char c) { return std::isalnum((unsigned char)c) || c == '_'; }

Type renameSymbols(const Type &t, const std::map<std::string, std::string> &renames) {
  Type out = t;
  for (Dim &d : out.shape) {
    if (d.isConstant()) continue;
    auto r = renames.find(d.symbol);
    if (r != renames.end()) d.symbol = r->second;
  }
  return out;
}

std::optional<Type> parseType(const std::string &text, std::string &error) {
  size_t i = 0;
  auto skipSpace = [&] {
    while (i < text.size() && text[i] == ' ') ++i;
  };
  skipSpace();
  size_t start = i;
  while (i < text.size() && isIdentChar(text[i])) ++i;
  std::string dt = text.substr(start, i - start);
  auto dtype = parseDType(dt);
  if (!dtype) {
    error = "unknown dtype '" + dt + "' in type '" + text + "' (expected double, single or logical)";
    return std::nullopt;
  }
  skipSpace();
  if (i == text.size())
    return Type::makeScalar(*dtype);
  if (text[i] != '[') {
    error = "expected '[' after the dtype in type '" + text + "'";
    return std::nullopt;
  }
  ++i;
  std::vector<Dim> dims;
  while (true) {
    skipSpace();
    if (i < text.size() && std::isdigit((unsigned char)text[i])) {
      size_t s = i;
      while (i < text.size() && std::isdigit((unsigned char)text[i])) ++i;
      if (i - s > 15) {
        error = "extent too large in type '" + text + "'";
        return std::nullopt;
      }
      dims.push_back(Dim::constant(std::stoll(text.substr(s, i - s))));
    } else if (i < text.size() && isIdentStart(text[i])) {
      size_t s = i;
      while (i < text.size() && isIdentChar(text[i])) ++i;
      dims.push_back(Dim::symbolic(text.substr(s, i - s)));
    } else {
      error = "expected an extent (integer or value id) in type '" + text + "'";
      return std::nullopt;
    }
    skipSpace();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (i < text.size() && text[i] == ']') {
      ++i;
      break;
    }
    error = "expected ',' or ']' in type '" + text + "'";
    return std::nullopt;
  }
  skipSpace();
  if (i != text.size()) {
    error = "unexpected text after ']' in type '" + text + "'";
    return std::nullopt;
  }
  if (dims.size() < 2) {
    error = "tensor type '" + text + "' needs at least 2 extents (MATLAB arrays are at least 2-D)";
    return std::nullopt;
  }
  return Type::makeTensor(*dtype, std::move(dims));
}

const Attr *Op::findAttr(const std::string &n) const {
  for (const Attr &a : attrs)
    if (a.name == n)
      return &a;
  return nullptr;
}

void Op::setAttr(const std::string &n, AttrValue v) {
  for (Attr &a : attrs)
    if (a.name == n) {
      a.value = std::move(v);
      return;
    }
  attrs.push_back(Attr{n, std::move(v)});
}

const Region *Op::findRegion(const std::string &n) const {
  for (const Region &r : regions)
    if (r.name == n)
      return &r;
  return nullptr;
}

} // namespace runmat::trace
