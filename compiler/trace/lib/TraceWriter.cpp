#include "runmat/trace/TraceIO.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace runmat::trace {

std::string formatNumber(double v) {
  if (std::isnan(v))
    return ".nan";
  if (std::isinf(v))
    return v > 0 ? ".inf" : "-.inf";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    if (v == 0)
      return std::signbit(v) ? "-0" : "0";
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

// A parameter the shim sets: where its value comes from (ParamSource.h).
static void writeSource(YAML::Emitter &e, const ParamSource &s) {
  if (s.kind == ParamSourceKind::User) return;
  e << YAML::Key << "source" << YAML::Value << YAML::Flow << YAML::BeginMap;
  if (s.kind == ParamSourceKind::Given) {
    e << YAML::Key << "from" << YAML::Value << "given" << YAML::Key << "var" << YAML::Value << s.var;
  } else {
    e << YAML::Key << "from" << YAML::Value << "env" << YAML::Key << "var" << YAML::Value << s.text.var;
    e << YAML::Key << "transforms" << YAML::Value << YAML::Flow << s.text.transforms;
    if (s.text.hasFallback) e << YAML::Key << "fallback" << YAML::Value << YAML::DoubleQuoted << s.text.fallback;
    e << YAML::Key << "query" << YAML::Value << s.query;
    if (s.query == "equals") e << YAML::Key << "literal" << YAML::Value << YAML::DoubleQuoted << s.literal;
  }
  e << YAML::EndMap;
}

namespace {

void emitValue(YAML::Emitter &e, const Value &v) {
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << v.id << YAML::Key
    << "type" << YAML::Value << v.type.str() << YAML::EndMap;
}

void emitValues(YAML::Emitter &e, const std::vector<Value> &vs) {
  e << YAML::Flow << YAML::BeginSeq;
  for (const Value &v : vs)
    emitValue(e, v);
  e << YAML::EndSeq;
}

void emitIds(YAML::Emitter &e, const std::vector<std::string> &ids) {
  e << YAML::Flow << YAML::BeginSeq;
  for (const std::string &id : ids)
    e << id;
  e << YAML::EndSeq;
}

struct AttrEmitter {
  YAML::Emitter &e;
  void operator()(bool b) { e << (b ? "true" : "false"); }
  void operator()(int64_t i) { e << std::to_string(i); }
  void operator()(double d) { e << formatNumber(d); }
  void operator()(const std::string &s) { e << YAML::DoubleQuoted << s; }
  void operator()(const std::vector<int64_t> &v) {
    e << YAML::Flow << YAML::BeginSeq;
    for (int64_t i : v) e << std::to_string(i);
    e << YAML::EndSeq;
  }
  void operator()(const std::vector<double> &v) {
    e << YAML::Flow << YAML::BeginSeq;
    for (double d : v) e << formatNumber(d);
    e << YAML::EndSeq;
  }
  void operator()(const std::vector<std::string> &v) {
    e << YAML::Flow << YAML::BeginSeq;
    for (const std::string &s : v) e << s;
    e << YAML::EndSeq;
  }
};

void emitRegion(YAML::Emitter &e, const Region &r);

void emitOp(YAML::Emitter &e, const Op &op) {
  e << YAML::BeginMap;
  e << YAML::Key << "op" << YAML::Value << op.name;
  if (!op.operands.empty()) {
    e << YAML::Key << "args" << YAML::Value;
    emitIds(e, op.operands);
  }
  if (!op.attrs.empty()) {
    e << YAML::Key << "attrs" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const Attr &a : op.attrs) {
      e << YAML::Key << a.name << YAML::Value;
      std::visit(AttrEmitter{e}, a.value);
    }
    e << YAML::EndMap;
  }
  if (!op.results.empty()) {
    e << YAML::Key << "out" << YAML::Value;
    emitValues(e, op.results);
  }
  if (op.loc.known())
    e << YAML::Key << "loc" << YAML::Value << op.loc.str();
  if (!op.regions.empty()) {
    e << YAML::Key << "regions" << YAML::Value << YAML::BeginSeq;
    for (const Region &r : op.regions)
      emitRegion(e, r);
    e << YAML::EndSeq;
  }
  e << YAML::EndMap;
}

void emitOps(YAML::Emitter &e, const std::vector<Op> &ops) {
  if (ops.empty()) {
    e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
    return;
  }
  e << YAML::BeginSeq;
  for (const Op &op : ops)
    emitOp(e, op);
  e << YAML::EndSeq;
}

void emitRegion(YAML::Emitter &e, const Region &r) {
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << r.name;
  e << YAML::Key << "args" << YAML::Value;
  emitValues(e, r.args);
  e << YAML::Key << "ops" << YAML::Value;
  emitOps(e, r.ops);
  e << YAML::Key << "yield" << YAML::Value;
  emitIds(e, r.yields);
  e << YAML::EndMap;
}

} // namespace

std::string writeTrace(const Trace &trace) {
  YAML::Emitter e;
  e.SetIndent(2);
  e << YAML::BeginMap;
  e << YAML::Key << "runmat_trace" << YAML::Value << trace.version;
  e << YAML::Key << "source" << YAML::Value << trace.source;
  e << YAML::Key << "entries" << YAML::Value << YAML::BeginSeq;
  for (const Entry &entry : trace.entries) {
    e << YAML::BeginMap;
    e << YAML::Key << "name" << YAML::Value << entry.name;
    e << YAML::Key << "kind" << YAML::Value << entryKindName(entry.kind);
    if (entry.loc.known())
      e << YAML::Key << "loc" << YAML::Value << entry.loc.str();
    e << YAML::Key << "params" << YAML::Value;
    if (entry.params.empty()) {
      e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
    } else {
      e << YAML::BeginSeq;
      for (const Param &p : entry.params) {
        e << YAML::Flow << YAML::BeginMap;
        e << YAML::Key << "name" << YAML::Value << p.name;
        e << YAML::Key << "id" << YAML::Value << p.value.id;
        e << YAML::Key << "type" << YAML::Value << p.value.type.str();
        e << YAML::Key << "default" << YAML::Value << formatNumber(p.defaultValue);
        if (p.loc.known())
          e << YAML::Key << "loc" << YAML::Value << p.loc.str();
        writeSource(e, p.source);
        e << YAML::EndMap;
      }
      e << YAML::EndSeq;
    }
    if (entry.kind != EntryKind::Script) {
      e << YAML::Key << "inputs" << YAML::Value;
      if (entry.inputs.empty()) {
        e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
      } else {
        e << YAML::BeginSeq;
        for (const Input &in : entry.inputs) {
          e << YAML::Flow << YAML::BeginMap;
          e << YAML::Key << "name" << YAML::Value << in.name;
          e << YAML::Key << "id" << YAML::Value << in.value.id;
          e << YAML::Key << "type" << YAML::Value << in.value.type.str();
          e << YAML::Key << "dims" << YAML::Value;
          emitIds(e, in.dims);
          e << YAML::EndMap;
        }
        e << YAML::EndSeq;
      }
      e << YAML::Key << "outputs" << YAML::Value;
      if (entry.outputs.empty()) {
        e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
      } else {
        e << YAML::BeginSeq;
        for (const Output &out : entry.outputs)
          e << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << out.name
            << YAML::Key << "value" << YAML::Value << out.value << YAML::EndMap;
        e << YAML::EndSeq;
      }
    }
    e << YAML::Key << "body" << YAML::Value;
    emitOps(e, entry.body.ops);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::EndMap;
  std::string out = e.c_str();
  out += "\n";
  return out;
}

} // namespace runmat::trace
