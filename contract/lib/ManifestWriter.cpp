// The manifest's one writer (yaml-cpp's emitter). Small records are flow
// maps, so that a kernel reads as a few lines (docs/artifact.md).
#include "runmat/contract/ManifestYaml.h"

#include "ManifestKeys.h"
#include "ScheduleYaml.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <stdexcept>

namespace runmat {

namespace k = manifest_keys;

namespace {

template <typename T> void flowSeq(YAML::Emitter &y, const T &items) {
  y << YAML::Flow << YAML::BeginSeq;
  for (const auto &i : items) y << i;
  y << YAML::EndSeq;
}

// Counts of work are whole numbers but for odd weights: written as integers when they are.
void count(YAML::Emitter &y, double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) y << (int64_t)v;
  else y << v;
}

void work(YAML::Emitter &y, const KernelWork &w) {
  y << YAML::Flow << YAML::BeginSeq;
  count(y, w.plain);
  count(y, w.transcendental);
  count(y, w.draws);
  y << YAML::EndSeq;
}

void writeSource(YAML::Emitter &y, const ParamSource &s) {
  if (s.kind == ParamSourceKind::User) return;
  if (s.kind == ParamSourceKind::Given) {
    y << YAML::Key << k::kFrom << YAML::Value << k::kFromGiven << YAML::Key << k::kVar << YAML::Value << s.var;
    return;
  }
  y << YAML::Key << k::kFrom << YAML::Value << k::kFromEnv << YAML::Key << k::kVar << YAML::Value << s.text.var;
  y << YAML::Key << k::kTransforms << YAML::Value << YAML::BeginSeq;
  for (const std::string &t : s.text.transforms) y << t;
  y << YAML::EndSeq;
  if (s.text.hasFallback) y << YAML::Key << k::kFallback << YAML::Value << YAML::DoubleQuoted << s.text.fallback;
  y << YAML::Key << k::kQuery << YAML::Value << s.query;
  if (s.query == "equals") y << YAML::Key << k::kLiteral << YAML::Value << YAML::DoubleQuoted << s.literal;
}

void writeEntry(YAML::Emitter &y, const EntryInfo &e) {
  y << YAML::BeginMap;
  y << YAML::Key << k::kName << YAML::Value << e.name;
  y << YAML::Key << k::kKind << YAML::Value << e.kind;
  y << YAML::Key << k::kIndex << YAML::Value << e.index;
  y << YAML::Key << k::kParams << YAML::Value << YAML::BeginSeq;
  for (const ParamInfo &p : e.params) {
    y << YAML::Flow << YAML::BeginMap << YAML::Key << k::kName << YAML::Value << p.name << YAML::Key << k::kDefault
      << YAML::Value << p.defaultValue << YAML::Key << k::kDtype << YAML::Value << dtypeName(p.dtype) << YAML::Key
      << k::kSize << YAML::Value << p.isSize;
    writeSource(y, p.source);
    y << YAML::EndMap;
  }
  y << YAML::EndSeq;
  y << YAML::Key << k::kInputs << YAML::Value << YAML::BeginSeq;
  for (const PortInfo &p : e.inputs)
    y << YAML::Flow << YAML::BeginMap << YAML::Key << k::kName << YAML::Value << p.name << YAML::Key << k::kDtype
      << YAML::Value << dtypeName(p.dtype) << YAML::Key << k::kRank << YAML::Value << p.rank << YAML::EndMap;
  y << YAML::EndSeq;
  y << YAML::Key << k::kOutputs << YAML::Value << YAML::BeginSeq;
  for (const std::string &o : e.outputs)
    y << YAML::Flow << YAML::BeginMap << YAML::Key << k::kName << YAML::Value << o << YAML::EndMap;
  y << YAML::EndSeq;
  y << YAML::Key << k::kBuffers << YAML::Value;
  flowSeq(y, e.buffers);
  y << YAML::EndMap;
}

void writeGpuForm(YAML::Emitter &y, const KernelInfo &kn) {
  y << YAML::Key << k::kGpu << YAML::Value << YAML::Flow << YAML::BeginMap;
  if (!kn.gpuModules.empty()) {
    y << YAML::Key << k::kModules << YAML::Value << YAML::BeginSeq;
    for (int m : kn.gpuModules) y << m;
    y << YAML::EndSeq;
    std::vector<std::string> features;
    if (kn.needsFloat64) features.push_back(k::kFloat64);
    if (kn.needsInt64) features.push_back(k::kInt64);
    if (kn.needsInt8) features.push_back(k::kInt8);
    y << YAML::Key << k::kFeatures << YAML::Value;
    flowSeq(y, features);
    if (kn.gpuPoints > 1) y << YAML::Key << k::kPoints << YAML::Value << kn.gpuPoints;
    // A reduction's flat form: the second module, and the inputs it reads at every point.
    if (!kn.flatStreamed.empty()) {
      y << YAML::Key << k::kFlat << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << k::kStreamed
        << YAML::Value;
      flowSeq(y, kn.flatStreamed);
      y << YAML::EndMap;
    }
    y << YAML::Key << k::kSchedules << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const KernelSchedule &sch : kn.schedules) writeSchedule(y, sch);
    y << YAML::EndSeq;
  } else {
    y << YAML::Key << k::kNone << YAML::Value << kn.gpuNone;
  }
  y << YAML::EndMap;
}

void writeKernel(YAML::Emitter &y, const KernelInfo &kn) {
  y << YAML::BeginMap;
  y << YAML::Key << k::kId << YAML::Value << kn.id;
  y << YAML::Key << k::kName << YAML::Value << kn.name;
  y << YAML::Key << k::kKind << YAML::Value << kn.kind;
  if (!kn.fingerprint.empty()) y << YAML::Key << k::kFingerprint << YAML::Value << kn.fingerprint;
  y << YAML::Key << k::kRank << YAML::Value << kn.rank;
  y << YAML::Key << k::kTensors << YAML::Value << YAML::BeginSeq;
  for (const KernelTensor &t : kn.tensors) {
    y << YAML::Flow << YAML::BeginMap << YAML::Key << k::kRole << YAML::Value << (t.output ? k::kRoleOut : k::kRoleIn)
      << YAML::Key << k::kDtype << YAML::Value << dtypeName(t.dtype);
    if (t.output) {
      y << YAML::Key << k::kRank << YAML::Value << t.rank;
    } else {
      y << YAML::Key << k::kMap << YAML::Value;
      flowSeq(y, t.map);
    }
    y << YAML::EndMap;
  }
  y << YAML::EndSeq;
  if (kn.isReduce()) {
    y << YAML::Key << k::kReduce << YAML::Value;
    flowSeq(y, kn.reduce);
    y << YAML::Key << k::kCombiners << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (Combiner c : kn.combiners) y << combinerName(c);
    y << YAML::EndSeq;
  }
  y << YAML::Key << k::kScalars << YAML::Value << kn.numScalars;
  y << YAML::Key << k::kSpace << YAML::Value;
  flowSeq(y, kn.space);
  y << YAML::Key << k::kBytes << YAML::Value << kn.bytes;
  y << YAML::Key << k::kFlops << YAML::Value << kn.flops;
  y << YAML::Key << k::kOps << YAML::Value << kn.opsPerElement;
  if (!kn.loopScalars.empty()) {
    // A fused time loop: trips = (scalar ub - lb) / step, each costing `ops`.
    y << YAML::Key << k::kLoop << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << k::kScalars
      << YAML::Value;
    flowSeq(y, kn.loopScalars);
    y << YAML::Key << k::kOps << YAML::Value << kn.loopOps << YAML::EndMap;
  }
  if (kn.hasCost) {
    // The work by kind per point, and per trip of a fused time loop with its bounds.
    y << YAML::Key << k::kCost << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << k::kPoint << YAML::Value;
    work(y, kn.costPoint);
    if (!kn.costTrips.empty()) {
      y << YAML::Key << k::kTrip << YAML::Value;
      work(y, kn.costTrip);
      y << YAML::Key << k::kTrips << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const LoopBound &b : kn.costTrips) y << b.spelling();
      y << YAML::EndSeq;
    }
    y << YAML::EndMap;
  }
  if (kn.isGrouped()) {
    // Column-local: points along these dims share group reductions.
    y << YAML::Key << k::kGroup << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << k::kDims << YAML::Value;
    flowSeq(y, kn.group);
    y << YAML::Key << k::kSlots << YAML::Value << kn.groupSlots;
    y << YAML::Key << k::kStrided << YAML::Value << kn.groupStrided << YAML::EndMap;
  }
  y << YAML::Key << k::kCovers << YAML::Value;
  flowSeq(y, kn.covers);
  writeGpuForm(y, kn);
  y << YAML::EndMap;
}

void writeFusion(YAML::Emitter &y, const FusionReport &f) {
  y << YAML::Key << k::kFusion << YAML::Value << YAML::BeginMap;
  y << YAML::Key << k::kEnabled << YAML::Value << f.enabled;
  if (f.enabled) {
    y << YAML::Key << k::kKernelsBefore << YAML::Value << f.kernelsBefore;
    y << YAML::Key << k::kKernelsAfter << YAML::Value << f.kernelsAfter;
    y << YAML::Key << k::kFired << YAML::Value << YAML::BeginSeq;
    for (const FusionReport::Fired &fired : f.fired) {
      y << YAML::Flow << YAML::BeginMap << YAML::Key << k::kPattern << YAML::Value << fired.pattern << YAML::Key
        << k::kCovers << YAML::Value << YAML::BeginSeq;
      for (const std::string &c : fired.covers) y << c;
      y << YAML::EndSeq << YAML::EndMap;
    }
    y << YAML::EndSeq;
    y << YAML::Key << k::kRejected << YAML::Value << YAML::BeginSeq;
    for (const FusionReport::Rejected &r : f.rejected)
      y << YAML::Flow << YAML::BeginMap << YAML::Key << k::kPattern << YAML::Value << r.pattern << YAML::Key
        << k::kCandidate << YAML::Value << r.candidate << YAML::Key << k::kReason << YAML::Value << r.reason
        << YAML::EndMap;
    y << YAML::EndSeq;
  }
  y << YAML::EndMap;
}

} // namespace

std::string writeManifest(const Manifest &m) {
  if (std::string why = manifestProblem(m); !why.empty())
    throw std::logic_error("the manifest about to be written is inconsistent: " + why);
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << k::kVersion << YAML::Value << m.version;
  y << YAML::Key << k::kAbi << YAML::Value << m.abi;
  if (!m.source.empty()) y << YAML::Key << k::kSource << YAML::Value << m.source;
  y << YAML::Key << k::kCompiler << YAML::Value << m.compiler;
  y << YAML::Key << k::kMath << YAML::Value << m.math; // accurate | fast (runmatc compile --math)
  y << YAML::Key << k::kEntries << YAML::Value << YAML::BeginSeq;
  for (const EntryInfo &e : m.entries) writeEntry(y, e);
  y << YAML::EndSeq;
  y << YAML::Key << k::kKernels << YAML::Value << YAML::BeginSeq;
  for (const KernelInfo &kn : m.kernels) writeKernel(y, kn);
  y << YAML::EndSeq;
  writeFusion(y, m.fusion);
  y << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

} // namespace runmat
