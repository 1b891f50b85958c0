#include "runmat/contract/YamlTree.h"

#include <yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace runmat {

namespace {
const YamlNode &undefinedNode() {
  static const YamlNode none;
  return none;
}

bool isNullScalar(const std::string &s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }
} // namespace

const YamlNode &YamlNode::operator[](const char *key) const {
  if (kind_ == Kind::Map)
    for (const auto &[k, v] : entries_)
      if (k == key) return v;
  return undefinedNode();
}

const YamlNode &YamlNode::operator[](size_t i) const {
  return kind_ == Kind::Sequence && i < items_.size() ? items_[i] : undefinedNode();
}

namespace {
[[noreturn]] void notA(const char *what, const YamlNode &n, const std::string &text) {
  throw YamlError("line " + std::to_string(n.line()) + ": expected " + what + ", got '" + text + "'");
}
} // namespace

template <> std::string YamlNode::as<std::string>() const {
  if (kind_ == Kind::Scalar) return scalar_;
  if (kind_ == Kind::Null) return "";
  notA("a text", *this, kind_ == Kind::Undefined ? "nothing" : "a collection");
}

template <> double YamlNode::as<double>() const {
  if (kind_ != Kind::Scalar) notA("a number", *this, "no scalar");
  const char *s = scalar_.c_str();
  char *end = nullptr;
  double v = std::strtod(s, &end);
  if (end == s || *end != '\0') {
    if (scalar_ == ".inf" || scalar_ == ".Inf") return HUGE_VAL;
    if (scalar_ == "-.inf" || scalar_ == "-.Inf") return -HUGE_VAL;
    if (scalar_ == ".nan" || scalar_ == ".NaN") return std::strtod("nan", nullptr);
    notA("a number", *this, scalar_);
  }
  return v;
}

template <> int64_t YamlNode::as<int64_t>() const {
  if (kind_ != Kind::Scalar) notA("an integer", *this, "no scalar");
  const char *s = scalar_.c_str();
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(s, &end, 10);
  if (end == s || *end != '\0' || errno == ERANGE) notA("an integer", *this, scalar_);
  return (int64_t)v;
}

template <> int YamlNode::as<int>() const {
  const int64_t v = as<int64_t>();
  if (v < INT32_MIN || v > INT32_MAX) notA("a 32-bit integer", *this, scalar_);
  return (int)v;
}

template <> bool YamlNode::as<bool>() const {
  if (kind_ == Kind::Scalar && !quoted_) {
    if (scalar_ == "true" || scalar_ == "True" || scalar_ == "TRUE") return true;
    if (scalar_ == "false" || scalar_ == "False" || scalar_ == "FALSE") return false;
  }
  notA("true or false", *this, kind_ == Kind::Scalar ? scalar_ : "no scalar");
}

// Builds the tree from libyaml's events.
class YamlBuilder {
public:
  explicit YamlBuilder(const std::string &text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, (const unsigned char *)text.data(), text.size());
  }
  ~YamlBuilder() { yaml_parser_delete(&parser_); }

  YamlNode document() {
    YamlNode root;
    Event e(*this);
    expect(e, YAML_STREAM_START_EVENT);
    Event d(*this);
    if (d.e.type == YAML_STREAM_END_EVENT) return root; // empty: undefined
    expect(d, YAML_DOCUMENT_START_EVENT);
    Event first(*this);
    node(first, root, 0);
    Event end(*this);
    expect(end, YAML_DOCUMENT_END_EVENT);
    return root;
  }

private:
  struct Event {
    yaml_event_t e;
    explicit Event(YamlBuilder &b) {
      if (!yaml_parser_parse(&b.parser_, &e)) b.fail();
    }
    ~Event() { yaml_event_delete(&e); }
  };

  [[noreturn]] void fail() {
    throw YamlError("line " + std::to_string(parser_.problem_mark.line + 1) + ", column " +
                    std::to_string(parser_.problem_mark.column + 1) + ": " +
                    (parser_.problem ? parser_.problem : "not YAML"));
  }
  void expect(const Event &ev, yaml_event_type_t type) {
    if (ev.e.type != type)
      throw YamlError("line " + std::to_string(ev.e.start_mark.line + 1) + ": unexpected YAML structure");
  }

  void node(const Event &ev, YamlNode &out, int depth) {
    if (depth > 64) throw YamlError("line " + std::to_string(ev.e.start_mark.line + 1) + ": nested too deeply");
    out.line_ = (int)ev.e.start_mark.line + 1;
    switch (ev.e.type) {
    case YAML_SCALAR_EVENT: {
      out.scalar_.assign((const char *)ev.e.data.scalar.value, ev.e.data.scalar.length);
      out.quoted_ = ev.e.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    ev.e.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
      out.kind_ = !out.quoted_ && isNullScalar(out.scalar_) ? YamlNode::Kind::Null : YamlNode::Kind::Scalar;
      return;
    }
    case YAML_SEQUENCE_START_EVENT:
      out.kind_ = YamlNode::Kind::Sequence;
      for (;;) {
        Event item(*this);
        if (item.e.type == YAML_SEQUENCE_END_EVENT) return;
        out.items_.emplace_back();
        node(item, out.items_.back(), depth + 1);
      }
    case YAML_MAPPING_START_EVENT:
      out.kind_ = YamlNode::Kind::Map;
      for (;;) {
        Event key(*this);
        if (key.e.type == YAML_MAPPING_END_EVENT) return;
        if (key.e.type != YAML_SCALAR_EVENT)
          throw YamlError("line " + std::to_string(key.e.start_mark.line + 1) + ": a map key must be a scalar");
        std::string k((const char *)key.e.data.scalar.value, key.e.data.scalar.length);
        Event value(*this);
        out.entries_.emplace_back(std::move(k), YamlNode());
        node(value, out.entries_.back().second, depth + 1);
      }
    case YAML_ALIAS_EVENT:
      throw YamlError("line " + std::to_string(ev.e.start_mark.line + 1) + ": aliases are not read here");
    default:
      throw YamlError("line " + std::to_string(ev.e.start_mark.line + 1) + ": unexpected YAML structure");
    }
  }

  yaml_parser_t parser_{};
};

YamlNode loadYaml(const std::string &text) { return YamlBuilder(text).document(); }

} // namespace runmat
