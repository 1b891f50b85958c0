#include "Manifest.h"

#include "runmat/runmat.h"

#include "YamlTree.h"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace runmat::rt {

double KernelInfo::loopTrips(const uint64_t *scalars) const {
  if (loopScalars.size() != 3) return 0;
  int64_t lo = (int64_t)scalars[loopScalars[0]], hi = (int64_t)scalars[loopScalars[1]],
          step = (int64_t)scalars[loopScalars[2]];
  return step > 0 && hi > lo ? (double)((hi - lo + step - 1) / step) : 0;
}

double KernelInfo::opsAt(const uint64_t *scalars) const {
  if (hasCost) {
    KernelWork w = workAt(scalars);
    return w.plain + w.transcendental + w.draws;
  }
  return opsPerElement + (loopScalars.empty() ? 0 : loopOps * loopTrips(scalars));
}

KernelWork KernelInfo::workAt(const uint64_t *scalars) const {
  if (!hasCost) return KernelWork{opsAt(scalars), 0, 0};
  KernelWork w = costPoint;
  if (costTrips.size() == 3) {
    auto value = [&](const LoopBound &b) { return b.scalar ? (int64_t)scalars[b.value] : b.value; };
    const int64_t lo = value(costTrips[0]), hi = value(costTrips[1]), step = value(costTrips[2]);
    const double trips = step > 0 && hi > lo ? (double)((hi - lo + step - 1) / step) : 0;
    w.plain += trips * costTrip.plain;
    w.transcendental += trips * costTrip.transcendental;
    w.draws += trips * costTrip.draws;
  }
  return w;
}

int KernelInfo::numOutputs() const {
  int n = 0;
  for (const KernelTensor &t : tensors) n += t.output;
  return n;
}

const EntryInfo *Manifest::findEntry(const std::string &name) const {
  for (const EntryInfo &e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

namespace {

int parseDtype(const std::string &s) {
  if (s == "double") return RM_DOUBLE;
  if (s == "single") return RM_SINGLE;
  if (s == "logical") return RM_LOGICAL;
  throw std::runtime_error("manifest: unknown dtype '" + s + "'");
}

Combiner parseCombiner(const std::string &s) {
  if (s == "sum") return Combiner::Sum;
  if (s == "prod") return Combiner::Prod;
  if (s == "max") return Combiner::Max;
  if (s == "min") return Combiner::Min;
  throw std::runtime_error("manifest: unknown combiner '" + s + "'");
}

template <typename T> T get(const YamlNode &n, const char *key, const T &fallback) {
  const YamlNode &v = n[key];
  return v.IsDefined() && !v.IsNull() ? v.as<T>() : fallback;
}

} // namespace

Manifest parseManifest(const std::string &yaml) {
  Manifest m;
  try {
    YamlNode root = loadYaml(yaml);
    m.version = get<int>(root, "runmat_manifest", 0);
    if (m.version != kManifestVersion)
      throw std::runtime_error("manifest version " + std::to_string(m.version) + " (this shim reads " +
                               std::to_string(kManifestVersion) + ")");
    m.abi = get<int>(root, "abi", 0);
    m.source = get<std::string>(root, "source", "");
    m.math = get<std::string>(root, "math", "accurate");
    if (m.math != "accurate" && m.math != "fast") throw std::runtime_error("manifest: math is " + m.math);
    for (const YamlNode &e : root["entries"]) {
      EntryInfo info;
      info.name = e["name"].as<std::string>();
      info.kind = get<std::string>(e, "kind", "script");
      info.index = e["index"].as<int>();
      for (const YamlNode &p : e["params"])
        info.params.push_back(ParamInfo{p["name"].as<std::string>(), p["default"].as<double>(),
                                        parseDtype(get<std::string>(p, "dtype", "double")),
                                        get<bool>(p, "size", false)});
      for (const YamlNode &p : e["inputs"])
        info.inputs.push_back(PortInfo{p["name"].as<std::string>(), parseDtype(p["dtype"].as<std::string>()),
                                       p["rank"].as<int>()});
      for (const YamlNode &p : e["outputs"]) info.outputs.push_back(p["name"].as<std::string>());
      for (const YamlNode &b : e["buffers"]) info.buffers.push_back(b.as<std::string>());
      m.entries.push_back(std::move(info));
    }
    for (const YamlNode &k : root["kernels"]) {
      KernelInfo info;
      info.id = k["id"].as<int>();
      info.name = k["name"].as<std::string>();
      info.kind = k["kind"].as<std::string>();
      if (info.kind != "map" && info.kind != "reduce")
        throw std::runtime_error("manifest: unknown kernel kind '" + info.kind + "'");
      info.rank = k["rank"].as<int>();
      for (const YamlNode &t : k["tensors"]) {
        KernelTensor kt;
        kt.output = t["role"].as<std::string>() == "out";
        kt.dtype = parseDtype(t["dtype"].as<std::string>());
        kt.rank = get<int>(t, "rank", 2);
        if (t["map"].IsDefined())
          for (const YamlNode &d : t["map"]) kt.map.push_back(d.as<int>());
        info.tensors.push_back(std::move(kt));
      }
      for (const YamlNode &d : k["reduce"]) info.reduce.push_back(d.as<int>());
      for (const YamlNode &c : k["combiners"]) info.combiners.push_back(parseCombiner(c.as<std::string>()));
      info.numScalars = get<int>(k, "scalars", 0);
      for (const YamlNode &s : k["space"]) info.space.push_back(s.as<std::string>());
      info.bytes = get<std::string>(k, "bytes", "");
      info.flops = get<std::string>(k, "flops", "");
      for (const YamlNode &c : k["covers"]) info.covers.push_back(c.as<std::string>());
      info.opsPerElement = get<int>(k, "ops", 1);
      if (const YamlNode &loop = k["loop"]; loop.IsDefined()) {
        for (const YamlNode &s : loop["scalars"]) info.loopScalars.push_back(s.as<int>());
        info.loopOps = get<int>(loop, "ops", 0);
        if (info.loopScalars.size() != 3)
          throw std::runtime_error("kernel " + info.name + ": loop needs three scalars (lower bound, upper bound, step)");
        for (int s : info.loopScalars)
          if (s < 0 || s >= info.numScalars) throw std::runtime_error("kernel " + info.name + ": loop scalar out of range");
      }
      if (const YamlNode &cost = k["cost"]; cost.IsDefined()) {
        auto work = [&](const YamlNode &n) {
          if (!n.IsSequence() || n.size() != 3)
            throw std::runtime_error("kernel " + info.name + ": a cost needs three counts (plain, transcendental, draws)");
          return KernelWork{n[0].as<double>(), n[1].as<double>(), n[2].as<double>()};
        };
        info.costPoint = work(cost["point"]);
        info.hasCost = true;
        if (cost["trip"].IsDefined()) {
          info.costTrip = work(cost["trip"]);
          for (const YamlNode &b : cost["trips"]) {
            const std::string t = b.as<std::string>();
            LoopBound bound;
            bound.scalar = !t.empty() && t[0] == 's';
            if (t.size() < 2 || (t[0] != 's' && t[0] != 'c'))
              throw std::runtime_error("kernel " + info.name + ": a loop bound must be s<scalar> or c<constant>, got '" + t + "'");
            bound.value = std::stoll(t.substr(1));
            if (bound.scalar && (bound.value < 0 || bound.value >= info.numScalars))
              throw std::runtime_error("kernel " + info.name + ": loop bound scalar out of range");
            info.costTrips.push_back(bound);
          }
          if (info.costTrips.size() != 3)
            throw std::runtime_error("kernel " + info.name + ": a loop needs three bounds (lower, upper, step)");
        }
      }
      if (const YamlNode &group = k["group"]; group.IsDefined()) {
        for (const YamlNode &d : group["dims"]) info.group.push_back(d.as<int>());
        info.groupSlots = get<int>(group, "slots", 0);
        info.groupStrided = get<bool>(group, "strided", false);
        for (int d : info.group)
          if (d < 0 || d >= info.rank) throw std::runtime_error("kernel " + info.name + ": group dimension out of range");
        if (info.group != std::vector<int>{0} || info.isReduce() || info.groupSlots < 0)
          throw std::runtime_error("kernel " + info.name + ": groups must be dimension 0 of a map kernel");
      }
      if (const YamlNode &g = k["gpu"]; g.IsDefined()) {
        for (const YamlNode &i : g["modules"]) info.gpuModules.push_back(i.as<int>());
        for (const YamlNode &f : g["features"]) {
          std::string name = f.as<std::string>();
          info.needsFloat64 |= name == "float64";
          info.needsInt64 |= name == "int64";
          info.needsInt8 |= name == "int8";
        }
        info.gpuNone = get<std::string>(g, "none", "");
        info.gpuPoints = get<int>(g, "points", 1);
        if (const YamlNode &flat = g["flat"]; flat.IsDefined()) {
          for (const YamlNode &t : flat["streamed"]) info.flatStreamed.push_back(t.as<int>());
          if (info.flatStreamed.empty() || !info.isReduce())
            throw std::runtime_error("manifest: kernel " + info.name + ": a flat form streams at least one input of a reduction");
          for (int t : info.flatStreamed)
            if (t < 0 || t >= info.numInputs())
              throw std::runtime_error("manifest: kernel " + info.name + ": flat form streams no such input");
        }
        if (info.gpuPoints < 1 || info.gpuPoints > 64)
          throw std::runtime_error("manifest: kernel " + info.name + " has a GPU form of " +
                                   std::to_string(info.gpuPoints) + " points per invocation");
      } else {
        info.gpuNone = "the artifact has no GPU form of it";
      }
      if (info.gpuModules.empty() && info.gpuNone.empty()) info.gpuNone = "the artifact has no GPU form of it";
      if (!info.gpuModules.empty() && info.gpuModules.size() != (info.flatStreamed.empty() ? 1u : 2u))
        throw std::runtime_error("manifest: kernel " + info.name + " has the wrong number of GPU modules");
      if (info.isReduce() && (int)info.combiners.size() != info.numOutputs())
        throw std::runtime_error("manifest: kernel " + info.name + " needs one combiner per output");
      m.kernels.push_back(std::move(info));
    }
  } catch (const YamlError &e) {
    throw std::runtime_error(std::string("manifest: ") + e.what());
  }
  return m;
}

namespace {

class ExprParser {
public:
  ExprParser(const std::string &s, const std::map<std::string, double> &v) : s_(s), v_(v) {}
  double parse() {
    double x = expr();
    skip();
    if (p_ != s_.size()) fail("unexpected '" + std::string(1, s_[p_]) + "'");
    return x;
  }

private:
  [[noreturn]] void fail(const std::string &m) { throw std::runtime_error("expression '" + s_ + "': " + m); }
  void skip() {
    while (p_ < s_.size() && std::isspace((unsigned char)s_[p_])) ++p_;
  }
  bool eat(char c) {
    skip();
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  double expr() {
    double x = term();
    while (true) {
      if (eat('+')) x += term();
      else if (eat('-')) x -= term();
      else return x;
    }
  }
  double term() {
    double x = factor();
    while (true) {
      if (eat('*')) x *= factor();
      else if (eat('/')) x /= factor();
      else return x;
    }
  }
  double factor() {
    skip();
    if (eat('(')) {
      double x = expr();
      if (!eat(')')) fail("missing ')'");
      return x;
    }
    if (eat('-')) return -factor();
    if (p_ < s_.size() && (std::isdigit((unsigned char)s_[p_]) || s_[p_] == '.')) {
      size_t used = 0;
      double x = std::stod(s_.substr(p_), &used);
      p_ += used;
      return x;
    }
    size_t start = p_;
    while (p_ < s_.size() && (std::isalnum((unsigned char)s_[p_]) || s_[p_] == '_')) ++p_;
    if (start == p_) fail("expected a number or a name");
    std::string name = s_.substr(start, p_ - start);
    if (eat('(')) {
      std::vector<double> args{expr()};
      while (eat(',')) args.push_back(expr());
      if (!eat(')')) fail("missing ')'");
      if (name == "min" && args.size() == 2) return std::min(args[0], args[1]);
      if (name == "max" && args.size() == 2) return std::max(args[0], args[1]);
      if (name == "floor" && args.size() == 1) return std::floor(args[0]);
      if (name == "ceil" && args.size() == 1) return std::ceil(args[0]);
      fail("unknown function '" + name + "'");
    }
    auto it = v_.find(name);
    if (it == v_.end()) fail("unknown name '" + name + "'");
    return it->second;
  }
  const std::string &s_;
  const std::map<std::string, double> &v_;
  size_t p_ = 0;
};

} // namespace

double evalExpression(const std::string &expr, const std::map<std::string, double> &values) {
  return ExprParser(expr, values).parse();
}

} // namespace runmat::rt
