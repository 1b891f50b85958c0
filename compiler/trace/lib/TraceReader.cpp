// YAML -> Trace. Structural errors (missing keys, wrong node kinds, bad type
// text) are reported here with the YAML line and the node's path; semantic
// errors are left to validateTrace, which runs at the end.
#include "runmat/trace/OpSchema.h"
#include "runmat/trace/TraceIO.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <set>

namespace runmat::trace {
namespace {

class Reader {
public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node &node, const std::string &path,
                         const std::string &msg) const {
    SourceLoc loc{file_, 0, 0};
    if (node.IsDefined() && node.Mark().line >= 0) {
      loc.line = node.Mark().line + 1;
      loc.column = node.Mark().column + 1;
    }
    throw CompileError(loc, path.empty() ? msg : msg + " (at " + path + ")");
  }

  int lineOf(const YAML::Node &node) const {
    return node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
  }

  YAML::Node require(const YAML::Node &map, const char *key, const std::string &path) const {
    YAML::Node n = map[key];
    if (!n.IsDefined() || n.IsNull())
      fail(map, path, std::string("missing key '") + key + "'");
    return n;
  }

  void checkKeys(const YAML::Node &map, const std::string &path,
                 std::initializer_list<const char *> allowed) const {
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string k = it->first.Scalar();
      bool ok = false;
      for (const char *a : allowed)
        ok |= k == a;
      if (!ok) {
        std::string list;
        for (const char *a : allowed)
          list += std::string(list.empty() ? "" : ", ") + a;
        fail(it->first, path, "unknown key '" + k + "' (expected one of: " + list + ")");
      }
    }
  }

  void requireMap(const YAML::Node &n, const std::string &path) const {
    if (!n.IsMap())
      fail(n, path, "expected a mapping");
  }
  void requireSeq(const YAML::Node &n, const std::string &path) const {
    if (!n.IsSequence())
      fail(n, path, "expected a sequence");
  }

  std::string scalar(const YAML::Node &n, const std::string &path) const {
    if (!n.IsScalar())
      fail(n, path, "expected a scalar");
    return n.Scalar();
  }

  std::string identifier(const YAML::Node &n, const std::string &path) const {
    std::string s = scalar(n, path);
    bool ok = !s.empty() && (std::isalpha((unsigned char)s[0]) || s[0] == '_');
    for (char c : s)
      ok &= std::isalnum((unsigned char)c) || c == '_';
    if (!ok)
      fail(n, path, "'" + s + "' is not a valid id (letters, digits and '_', not starting with a digit)");
    return s;
  }

  // A parameter the shim sets (ParamSource.h).
  ParamSource source(const YAML::Node &n, const std::string &path) const {
    requireMap(n, path);
    checkKeys(n, path, {"from", "var", "transforms", "fallback", "query", "literal"});
    ParamSource s;
    std::string from = scalar(require(n, "from", path), path + ".from");
    if (from == "given") {
      s.kind = ParamSourceKind::Given;
      s.var = identifier(require(n, "var", path), path + ".var");
      return s;
    }
    if (from != "env") fail(n["from"], path + ".from", "a parameter source is 'env' or 'given', got '" + from + "'");
    s.kind = ParamSourceKind::Env;
    s.text.var = scalar(require(n, "var", path), path + ".var");
    if (n["transforms"]) {
      requireSeq(n["transforms"], path + ".transforms");
      for (size_t i = 0; i < n["transforms"].size(); ++i) {
        std::string t = scalar(n["transforms"][i], path + ".transforms");
        if (!isEnvTextTransform(t)) fail(n["transforms"][i], path + ".transforms", "'" + t + "' is not lower, upper or strtrim");
        s.text.transforms.push_back(t);
      }
    }
    if (n["fallback"]) {
      s.text.hasFallback = true;
      s.text.fallback = scalar(n["fallback"], path + ".fallback");
    }
    s.query = scalar(require(n, "query", path), path + ".query");
    if (s.query != "length" && s.query != "number" && s.query != "equals")
      fail(n["query"], path + ".query", "the query is length, number or equals, got '" + s.query + "'");
    if (n["literal"]) s.literal = scalar(n["literal"], path + ".literal");
    return s;
  }

  double number(const YAML::Node &n, const std::string &path) const {
    std::string s = scalar(n, path);
    if (s == ".nan" || s == ".NaN" || s == ".NAN") return NAN;
    if (s == ".inf" || s == ".Inf" || s == "+.inf") return INFINITY;
    if (s == "-.inf" || s == "-.Inf") return -INFINITY;
    char *end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || std::isspace((unsigned char)s[0]))
      fail(n, path, "expected a number, got '" + s + "'");
    return v;
  }

  int64_t integer(const YAML::Node &n, const std::string &path) const {
    std::string s = scalar(n, path);
    char *end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0')
      fail(n, path, "expected an integer, got '" + s + "'");
    return v;
  }

  bool boolean(const YAML::Node &n, const std::string &path) const {
    std::string s = scalar(n, path);
    if (s == "true") return true;
    if (s == "false") return false;
    fail(n, path, "expected true or false, got '" + s + "'");
  }

  Type type(const YAML::Node &n, const std::string &path) const {
    std::string err;
    auto t = parseType(scalar(n, path), err);
    if (!t)
      fail(n, path, err);
    return *t;
  }

  SourceLoc loc(const YAML::Node &map, const std::string &path) const {
    YAML::Node n = map["loc"];
    if (!n.IsDefined())
      return {};
    SourceLoc l;
    if (!SourceLoc::parse(scalar(n, path + ".loc"), l))
      fail(n, path + ".loc", "expected a location 'file:line:column'");
    return l;
  }

  Value value(const YAML::Node &n, const std::string &path) const {
    requireMap(n, path);
    checkKeys(n, path, {"id", "type"});
    return Value{identifier(require(n, "id", path), path + ".id"),
                 type(require(n, "type", path), path + ".type")};
  }

  std::vector<Value> values(const YAML::Node &n, const std::string &path) const {
    requireSeq(n, path);
    std::vector<Value> out;
    for (size_t i = 0; i < n.size(); ++i)
      out.push_back(value(n[i], path + "[" + std::to_string(i) + "]"));
    return out;
  }

  std::vector<std::string> ids(const YAML::Node &n, const std::string &path) const {
    requireSeq(n, path);
    std::vector<std::string> out;
    for (size_t i = 0; i < n.size(); ++i)
      out.push_back(identifier(n[i], path + "[" + std::to_string(i) + "]"));
    return out;
  }

  AttrValue attrValue(const YAML::Node &n, AttrKind kind, const std::string &path) const {
    switch (kind) {
    case AttrKind::Bool: return boolean(n, path);
    case AttrKind::Int: return integer(n, path);
    case AttrKind::Double: return number(n, path);
    case AttrKind::String: return scalar(n, path);
    case AttrKind::IntList: {
      requireSeq(n, path);
      std::vector<int64_t> v;
      for (size_t i = 0; i < n.size(); ++i) v.push_back(integer(n[i], path + "[" + std::to_string(i) + "]"));
      return v;
    }
    case AttrKind::DoubleList: {
      requireSeq(n, path);
      std::vector<double> v;
      for (size_t i = 0; i < n.size(); ++i) v.push_back(number(n[i], path + "[" + std::to_string(i) + "]"));
      return v;
    }
    case AttrKind::StringList: {
      requireSeq(n, path);
      std::vector<std::string> v;
      for (size_t i = 0; i < n.size(); ++i) v.push_back(scalar(n[i], path + "[" + std::to_string(i) + "]"));
      return v;
    }
    }
    return false;
  }

  Op op(const YAML::Node &n, const std::string &path) const {
    requireMap(n, path);
    checkKeys(n, path, {"op", "args", "attrs", "out", "loc", "regions"});
    Op op;
    op.traceLine = lineOf(n);
    YAML::Node nameNode = require(n, "op", path);
    op.name = scalar(nameNode, path + ".op");
    const OpSchema *schema = findOpSchema(op.name);
    if (!schema)
      fail(nameNode, path, "unknown op '" + op.name + "'");
    if (n["args"].IsDefined())
      op.operands = ids(n["args"], path + ".args");
    if (YAML::Node attrs = n["attrs"]; attrs.IsDefined()) {
      requireMap(attrs, path + ".attrs");
      for (auto it = attrs.begin(); it != attrs.end(); ++it) {
        std::string key = it->first.Scalar();
        const AttrSpec *spec = nullptr;
        for (const AttrSpec &s : schema->attrs)
          if (key == s.name)
            spec = &s;
        if (!spec)
          fail(it->first, path, "op '" + op.name + "' has no attribute '" + key + "'");
        op.attrs.push_back(Attr{key, attrValue(it->second, spec->kind, path + ".attrs." + key)});
      }
    }
    if (n["out"].IsDefined())
      op.results = values(n["out"], path + ".out");
    op.loc = loc(n, path);
    if (YAML::Node regions = n["regions"]; regions.IsDefined()) {
      requireSeq(regions, path + ".regions");
      for (size_t i = 0; i < regions.size(); ++i)
        op.regions.push_back(region(regions[i], path + ".regions[" + std::to_string(i) + "]"));
    }
    return op;
  }

  std::vector<Op> ops(const YAML::Node &n, const std::string &path) const {
    requireSeq(n, path);
    std::vector<Op> out;
    for (size_t i = 0; i < n.size(); ++i)
      out.push_back(op(n[i], path + "[" + std::to_string(i) + "]"));
    return out;
  }

  Region region(const YAML::Node &n, const std::string &path) const {
    requireMap(n, path);
    checkKeys(n, path, {"name", "args", "ops", "yield"});
    Region r;
    r.traceLine = lineOf(n);
    r.name = scalar(require(n, "name", path), path + ".name");
    r.args = values(require(n, "args", path), path + ".args");
    r.ops = ops(require(n, "ops", path), path + ".ops");
    r.yields = ids(require(n, "yield", path), path + ".yield");
    return r;
  }

  Entry entry(const YAML::Node &n, const std::string &path) const {
    requireMap(n, path);
    checkKeys(n, path, {"name", "kind", "loc", "params", "inputs", "outputs", "body"});
    Entry e;
    e.traceLine = lineOf(n);
    e.name = identifier(require(n, "name", path), path + ".name");
    YAML::Node kind = require(n, "kind", path);
    std::string k = scalar(kind, path + ".kind");
    if (auto parsed = parseEntryKind(k))
      e.kind = *parsed;
    else
      fail(kind, path + ".kind", "entry kind must be 'script', 'function' or 'host_function', got '" + k + "'");
    e.loc = loc(n, path);
    YAML::Node params = require(n, "params", path);
    requireSeq(params, path + ".params");
    for (size_t i = 0; i < params.size(); ++i) {
      std::string pp = path + ".params[" + std::to_string(i) + "]";
      const YAML::Node &pn = params[i];
      requireMap(pn, pp);
      checkKeys(pn, pp, {"name", "id", "type", "default", "loc", "source"});
      Param p;
      p.traceLine = lineOf(pn);
      p.name = identifier(require(pn, "name", pp), pp + ".name");
      p.value.id = identifier(require(pn, "id", pp), pp + ".id");
      p.value.type = type(require(pn, "type", pp), pp + ".type");
      p.defaultValue = number(require(pn, "default", pp), pp + ".default");
      p.loc = loc(pn, pp);
      if (pn["source"]) p.source = source(pn["source"], pp + ".source");
      e.params.push_back(std::move(p));
    }
    if (e.kind != EntryKind::Script) {
      YAML::Node inputs = require(n, "inputs", path);
      requireSeq(inputs, path + ".inputs");
      for (size_t i = 0; i < inputs.size(); ++i) {
        std::string ip = path + ".inputs[" + std::to_string(i) + "]";
        const YAML::Node &in = inputs[i];
        requireMap(in, ip);
        checkKeys(in, ip, {"name", "id", "type", "dims"});
        Input x;
        x.traceLine = lineOf(in);
        x.name = identifier(require(in, "name", ip), ip + ".name");
        x.value.id = identifier(require(in, "id", ip), ip + ".id");
        x.value.type = type(require(in, "type", ip), ip + ".type");
        x.dims = ids(require(in, "dims", ip), ip + ".dims");
        e.inputs.push_back(std::move(x));
      }
      YAML::Node outputs = require(n, "outputs", path);
      requireSeq(outputs, path + ".outputs");
      for (size_t i = 0; i < outputs.size(); ++i) {
        std::string op = path + ".outputs[" + std::to_string(i) + "]";
        const YAML::Node &on = outputs[i];
        requireMap(on, op);
        checkKeys(on, op, {"name", "value"});
        Output o;
        o.traceLine = lineOf(on);
        o.name = identifier(require(on, "name", op), op + ".name");
        o.value = identifier(require(on, "value", op), op + ".value");
        e.outputs.push_back(std::move(o));
      }
    } else if (n["inputs"].IsDefined() || n["outputs"].IsDefined()) {
      fail(n, path, "a script entry has no inputs or outputs");
    }
    e.body.name = "body";
    e.body.ops = ops(require(n, "body", path), path + ".body");
    return e;
  }

  Trace trace(const YAML::Node &root) const {
    if (!root.IsDefined() || root.IsNull())
      fail(root, "", "the trace is empty");
    requireMap(root, "");
    checkKeys(root, "", {"runmat_trace", "source", "entries"});
    Trace t;
    YAML::Node version = require(root, "runmat_trace", "");
    t.version = (int)integer(version, "runmat_trace");
    if (t.version != kSchemaVersion)
      fail(version, "runmat_trace",
           "unsupported trace schema version " + std::to_string(t.version) + " (this runmatc reads version " +
               std::to_string(kSchemaVersion) + ")");
    t.source = scalar(require(root, "source", ""), "source");
    YAML::Node entries = require(root, "entries", "");
    requireSeq(entries, "entries");
    if (entries.size() == 0)
      fail(entries, "entries", "a trace needs at least one entry");
    for (size_t i = 0; i < entries.size(); ++i)
      t.entries.push_back(entry(entries[i], "entries[" + std::to_string(i) + "]"));
    return t;
  }

private:
  std::string file_;
};

} // namespace

Trace readTrace(const std::string &text, const std::string &fileName) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception &ex) {
    SourceLoc loc{fileName, ex.mark.line + 1, ex.mark.column + 1};
    if (ex.mark.is_null())
      loc.line = loc.column = 0;
    throw CompileError(loc, "malformed YAML: " + ex.msg);
  }
  Trace t = Reader(fileName).trace(root);
  validateTrace(t, fileName);
  return t;
}

} // namespace runmat::trace
