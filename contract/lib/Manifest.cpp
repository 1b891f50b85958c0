#include "runmat/contract/Manifest.h"

#include "runmat/runmat_abi.h"

#include <set>
#include <stdexcept>

namespace runmat {

const char *dtypeName(int dtype) {
  switch (dtype) {
  case RUNMAT_DTYPE_DOUBLE: return "double";
  case RUNMAT_DTYPE_SINGLE: return "single";
  case RUNMAT_DTYPE_LOGICAL: return "logical";
  }
  return "unknown";
}

int dtypeBytes(int dtype) { return dtype == RUNMAT_DTYPE_DOUBLE ? 8 : dtype == RUNMAT_DTYPE_SINGLE ? 4 : 1; }

int dtypeFromName(const std::string &s) {
  if (s == "double") return RUNMAT_DTYPE_DOUBLE;
  if (s == "single") return RUNMAT_DTYPE_SINGLE;
  if (s == "logical") return RUNMAT_DTYPE_LOGICAL;
  throw std::runtime_error("unknown dtype '" + s + "'");
}

const char *combinerName(Combiner c) {
  switch (c) {
  case Combiner::Sum: return "sum";
  case Combiner::Prod: return "prod";
  case Combiner::Max: return "max";
  case Combiner::Min: return "min";
  }
  return "sum";
}

Combiner combinerFromName(const std::string &s) {
  if (s == "sum") return Combiner::Sum;
  if (s == "prod") return Combiner::Prod;
  if (s == "max") return Combiner::Max;
  if (s == "min") return Combiner::Min;
  throw std::runtime_error("unknown combiner '" + s + "'");
}

std::string LoopBound::spelling() const { return (scalar ? "s" : "c") + std::to_string(value); }

LoopBound LoopBound::parse(const std::string &t) {
  size_t used = 0;
  LoopBound b;
  b.scalar = !t.empty() && t[0] == 's';
  try {
    if (t.size() >= 2 && (t[0] == 's' || t[0] == 'c')) b.value = std::stoll(t.substr(1), &used);
  } catch (const std::exception &) {
    used = 0;
  }
  if (used == 0 || used != t.size() - 1)
    throw std::runtime_error("a loop bound must be s<scalar> or c<constant>, got '" + t + "'");
  return b;
}

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

std::string kernelProblem(const KernelInfo &k) {
  auto inRange = [](int v, int n) { return v >= 0 && v < n; };
  if (k.kind != "map" && k.kind != "reduce") return "unknown kernel kind '" + k.kind + "'";
  if ((int)k.space.size() != k.rank) return "an iteration space of " + std::to_string(k.space.size()) + " extents at rank " + std::to_string(k.rank);
  for (const KernelTensor &t : k.tensors)
    for (int d : t.map)
      if (d < -1 || d >= k.rank) return "a tensor maps to no such iteration dimension";
  for (int d : k.reduce)
    if (!inRange(d, k.rank)) return "reduces no such dimension";
  if (k.isReduce() && (int)k.combiners.size() != k.numOutputs()) return "needs one combiner per output";
  if (!k.loopScalars.empty()) {
    if (k.loopScalars.size() != 3) return "loop needs three scalars (lower bound, upper bound, step)";
    for (int s : k.loopScalars)
      if (!inRange(s, k.numScalars)) return "loop scalar out of range";
  }
  if (!k.costTrips.empty()) {
    if (k.costTrips.size() != 3) return "a loop needs three bounds (lower, upper, step)";
    for (const LoopBound &b : k.costTrips)
      if (b.scalar && (b.value < 0 || b.value >= k.numScalars)) return "loop bound scalar out of range";
  }
  if (k.isGrouped()) {
    for (int d : k.group)
      if (!inRange(d, k.rank)) return "group dimension out of range";
    if (k.group != std::vector<int>{0} || k.isReduce() || k.groupSlots < 0)
      return "groups must be dimension 0 of a map kernel";
  }
  if (!k.flatStreamed.empty()) {
    if (!k.isReduce()) return "a flat form streams at least one input of a reduction";
    for (int t : k.flatStreamed)
      if (!inRange(t, k.numInputs())) return "flat form streams no such input";
  }
  if (k.gpuPoints < 1 || k.gpuPoints > 64)
    return "has a GPU form of " + std::to_string(k.gpuPoints) + " points per invocation";
  if (k.gpuModules.empty() && k.gpuNone.empty()) return "has neither a GPU form nor a reason why not";
  if (!k.gpuModules.empty() && k.gpuModules.size() != (k.flatStreamed.empty() ? 1u : 2u))
    return "has the wrong number of GPU modules";
  for (int mod : k.gpuModules)
    if (mod < 0) return "names a negative GPU module";
  if (!k.gpuModules.empty()) {
    if (k.schedules.empty() || !k.schedules[0].device.empty() || k.schedules[0].bucket >= 0)
      return "a GPU form needs a schedule for any device and size first";
    for (const KernelSchedule &s : k.schedules)
      if (std::string why = scheduleProblem(s); !why.empty()) return "schedule: " + why;
  }
  return "";
}

} // namespace

std::string manifestProblem(const Manifest &m) {
  if (m.version != kManifestVersion)
    return "version " + std::to_string(m.version) + " (this build reads " +
           std::to_string(kManifestVersion) + ")";
  if (m.math != "accurate" && m.math != "fast") return "math is " + m.math;
  std::set<int> indices;
  std::set<std::string> names;
  for (const EntryInfo &e : m.entries) {
    if (e.kind != "script" && e.kind != "function") return "entry " + e.name + ": unknown kind '" + e.kind + "'";
    if (e.index < 0 || e.index >= (int)m.entries.size() || !indices.insert(e.index).second)
      return "entry " + e.name + ": index " + std::to_string(e.index) + " is out of range or taken";
    if (!names.insert(e.name).second) return "two entries named " + e.name;
    std::set<std::string> params;
    for (const ParamInfo &p : e.params) {
      if (!params.insert(p.name).second) return "entry " + e.name + ": two parameters named " + p.name;
      const ParamSource &s = p.source;
      if (s.kind == ParamSourceKind::Env) {
        if (s.text.var.empty()) return "entry " + e.name + ": parameter " + p.name + " reads no environment variable";
        for (const std::string &t : s.text.transforms)
          if (!isEnvTextTransform(t)) return "entry " + e.name + ": parameter " + p.name + ": unknown text function " + t;
        if (s.query != "length" && s.query != "number" && s.query != "equals")
          return "entry " + e.name + ": parameter " + p.name + ": unknown query '" + s.query + "'";
      }
    }
    for (const ParamInfo &p : e.params)
      if (p.source.kind == ParamSourceKind::Given && !params.count(p.source.var))
        return "entry " + e.name + ": parameter " + p.name + " asks about " + p.source.var + ", which is no parameter";
  }
  std::set<int> modules;
  for (size_t i = 0; i < m.kernels.size(); ++i) {
    const KernelInfo &k = m.kernels[i];
    if (k.id != (int)i) return "kernel " + k.name + " has id " + std::to_string(k.id) + " at position " + std::to_string(i);
    if (std::string why = kernelProblem(k); !why.empty()) return "kernel " + k.name + ": " + why;
    for (int mod : k.gpuModules)
      if (!modules.insert(mod).second) return "kernel " + k.name + ": GPU module " + std::to_string(mod) + " is another kernel's";
  }
  return "";
}

} // namespace runmat
