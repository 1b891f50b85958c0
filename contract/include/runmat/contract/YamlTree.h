// A YAML document read into a small tree of maps, sequences and scalars,
// with libyaml's parser. The shim reads the manifest and the calibration
// files in every process that uses them: yaml-cpp's reader costs about a
// thousand instructions a byte (2-3 ms of a 6 ms process), libyaml's a
// fifth of that. Writing stays with yaml-cpp's emitter.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace runmat {

struct YamlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class YamlNode {
public:
  enum class Kind { Undefined, Null, Scalar, Sequence, Map };

  bool IsDefined() const { return kind_ != Kind::Undefined; }
  bool IsNull() const { return kind_ == Kind::Null; }
  bool IsSequence() const { return kind_ == Kind::Sequence; }
  bool IsMap() const { return kind_ == Kind::Map; }
  explicit operator bool() const { return IsDefined(); }

  // A map's value (an undefined node when absent, or when this is no map).
  const YamlNode &operator[](const char *key) const;
  const YamlNode &operator[](const std::string &key) const { return (*this)[key.c_str()]; }
  // A sequence's element.
  const YamlNode &operator[](size_t i) const;
  const YamlNode &operator[](int i) const { return (*this)[(size_t)i]; }
  size_t size() const { return kind_ == Kind::Sequence ? items_.size() : kind_ == Kind::Map ? entries_.size() : 0; }

  // A sequence's elements (none for other nodes).
  std::vector<YamlNode>::const_iterator begin() const { return items_.begin(); }
  std::vector<YamlNode>::const_iterator end() const { return items_.end(); }

  // The scalar as T (std::string, double, int, int64_t, bool); YamlError
  // with the node's line when it is not one.
  template <typename T> T as() const;

  int line() const { return line_; }

private:
  friend class YamlBuilder;
  Kind kind_ = Kind::Undefined;
  std::string scalar_;
  bool quoted_ = false;
  int line_ = 0;
  std::vector<YamlNode> items_;
  std::vector<std::pair<std::string, YamlNode>> entries_;
};

// The document's root; YamlError with line and column when it is not YAML.
YamlNode loadYaml(const std::string &text);

} // namespace runmat
