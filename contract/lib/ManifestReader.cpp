// The manifest's one reader (libyaml through YamlTree: the shim reads a
// manifest in every process). What it reads is checked by manifestProblem,
// as the writer checks what it writes.
#include "runmat/contract/ManifestYaml.h"
#include "runmat/contract/YamlTree.h"

#include "ManifestKeys.h"
#include "ScheduleYaml.h"

#include <stdexcept>

namespace runmat {

namespace k = manifest_keys;

namespace {

template <typename T> T get(const YamlNode &n, const char *key, const T &fallback) {
  const YamlNode &v = n[key];
  return v.IsDefined() && !v.IsNull() ? v.as<T>() : fallback;
}

template <typename T> std::vector<T> list(const YamlNode &n) {
  std::vector<T> out;
  for (const YamlNode &i : n) out.push_back(i.as<T>());
  return out;
}

ParamSource readSource(const YamlNode &p) {
  ParamSource s;
  std::string from = get<std::string>(p, k::kFrom, "");
  if (from.empty()) return s;
  if (from == k::kFromGiven) {
    s.kind = ParamSourceKind::Given;
    s.var = p[k::kVar].as<std::string>();
    return s;
  }
  if (from != k::kFromEnv) throw std::runtime_error("parameter source '" + from + "' is not env or given");
  s.kind = ParamSourceKind::Env;
  s.text.var = p[k::kVar].as<std::string>();
  s.text.transforms = list<std::string>(p[k::kTransforms]);
  s.text.hasFallback = p[k::kFallback].IsDefined();
  s.text.fallback = get<std::string>(p, k::kFallback, "");
  s.query = p[k::kQuery].as<std::string>();
  s.literal = get<std::string>(p, k::kLiteral, "");
  return s;
}

EntryInfo readEntry(const YamlNode &e) {
  EntryInfo info;
  info.name = e[k::kName].as<std::string>();
  info.kind = get<std::string>(e, k::kKind, "script");
  info.index = e[k::kIndex].as<int>();
  for (const YamlNode &p : e[k::kParams])
    info.params.push_back(ParamInfo{p[k::kName].as<std::string>(), p[k::kDefault].as<double>(),
                                    dtypeFromName(get<std::string>(p, k::kDtype, "double")),
                                    get<bool>(p, k::kSize, false), readSource(p)});
  for (const YamlNode &p : e[k::kInputs])
    info.inputs.push_back(
        PortInfo{p[k::kName].as<std::string>(), dtypeFromName(p[k::kDtype].as<std::string>()), p[k::kRank].as<int>()});
  for (const YamlNode &p : e[k::kOutputs]) info.outputs.push_back(p[k::kName].as<std::string>());
  info.buffers = list<std::string>(e[k::kBuffers]);
  return info;
}

KernelWork readWork(const YamlNode &n, const std::string &kernel) {
  if (!n.IsSequence() || n.size() != 3)
    throw std::runtime_error("kernel " + kernel + ": a cost needs three counts (plain, transcendental, draws)");
  return KernelWork{n[0].as<double>(), n[1].as<double>(), n[2].as<double>()};
}

void readGpuForm(const YamlNode &g, KernelInfo &info) {
  if (!g.IsDefined()) {
    info.gpuNone = "the artifact has no GPU form of it";
    return;
  }
  info.gpuModules = list<int>(g[k::kModules]);
  for (const YamlNode &f : g[k::kFeatures]) {
    const std::string name = f.as<std::string>();
    info.needsFloat64 |= name == k::kFloat64;
    info.needsInt64 |= name == k::kInt64;
    info.needsInt8 |= name == k::kInt8;
  }
  info.gpuNone = get<std::string>(g, k::kNone, "");
  info.gpuPoints = get<int>(g, k::kPoints, 1);
  if (const YamlNode &flat = g[k::kFlat]; flat.IsDefined()) info.flatStreamed = list<int>(flat[k::kStreamed]);
  for (const YamlNode &sch : g[k::kSchedules]) {
    try {
      info.schedules.push_back(readSchedule(sch));
    } catch (const std::runtime_error &e) {
      throw std::runtime_error("kernel " + info.name + ": " + e.what());
    }
  }
  if (info.gpuModules.empty() && info.gpuNone.empty()) info.gpuNone = "the artifact has no GPU form of it";
}

KernelInfo readKernel(const YamlNode &kn) {
  KernelInfo info;
  info.id = kn[k::kId].as<int>();
  info.name = kn[k::kName].as<std::string>();
  info.kind = kn[k::kKind].as<std::string>();
  info.fingerprint = get<std::string>(kn, k::kFingerprint, "");
  info.rank = kn[k::kRank].as<int>();
  for (const YamlNode &t : kn[k::kTensors]) {
    KernelTensor kt;
    kt.output = t[k::kRole].as<std::string>() == k::kRoleOut;
    kt.dtype = dtypeFromName(t[k::kDtype].as<std::string>());
    kt.rank = get<int>(t, k::kRank, 2);
    kt.map = list<int>(t[k::kMap]);
    info.tensors.push_back(std::move(kt));
  }
  info.reduce = list<int>(kn[k::kReduce]);
  for (const YamlNode &c : kn[k::kCombiners]) info.combiners.push_back(combinerFromName(c.as<std::string>()));
  info.numScalars = get<int>(kn, k::kScalars, 0);
  info.space = list<std::string>(kn[k::kSpace]);
  info.bytes = get<std::string>(kn, k::kBytes, "");
  info.flops = get<std::string>(kn, k::kFlops, "");
  info.covers = list<std::string>(kn[k::kCovers]);
  info.opsPerElement = get<int>(kn, k::kOps, 1);
  if (const YamlNode &loop = kn[k::kLoop]; loop.IsDefined()) {
    info.loopScalars = list<int>(loop[k::kScalars]);
    info.loopOps = get<int>(loop, k::kOps, 0);
    if (info.loopScalars.empty())
      throw std::runtime_error("kernel " + info.name + ": loop needs three scalars (lower bound, upper bound, step)");
  }
  if (const YamlNode &cost = kn[k::kCost]; cost.IsDefined()) {
    info.costPoint = readWork(cost[k::kPoint], info.name);
    info.hasCost = true;
    if (cost[k::kTrip].IsDefined()) {
      info.costTrip = readWork(cost[k::kTrip], info.name);
      for (const YamlNode &b : cost[k::kTrips]) {
        try {
          info.costTrips.push_back(LoopBound::parse(b.as<std::string>()));
        } catch (const std::runtime_error &e) {
          throw std::runtime_error("kernel " + info.name + ": " + e.what());
        }
      }
      if (info.costTrips.empty())
        throw std::runtime_error("kernel " + info.name + ": a loop needs three bounds (lower, upper, step)");
    }
  }
  if (const YamlNode &group = kn[k::kGroup]; group.IsDefined()) {
    info.group = list<int>(group[k::kDims]);
    info.groupSlots = get<int>(group, k::kSlots, 0);
    info.groupStrided = get<bool>(group, k::kStrided, false);
    if (info.group.empty()) throw std::runtime_error("kernel " + info.name + ": groups must be dimension 0 of a map kernel");
  }
  readGpuForm(kn[k::kGpu], info);
  return info;
}

FusionReport readFusion(const YamlNode &f) {
  FusionReport r;
  if (!f.IsDefined()) return r;
  r.enabled = get<bool>(f, k::kEnabled, false);
  r.kernelsBefore = get<int64_t>(f, k::kKernelsBefore, 0);
  r.kernelsAfter = get<int64_t>(f, k::kKernelsAfter, 0);
  for (const YamlNode &d : f[k::kFired])
    r.fired.push_back({d[k::kPattern].as<std::string>(), list<std::string>(d[k::kCovers])});
  for (const YamlNode &d : f[k::kRejected])
    r.rejected.push_back(
        {d[k::kPattern].as<std::string>(), d[k::kCandidate].as<std::string>(), d[k::kReason].as<std::string>()});
  return r;
}

} // namespace

Manifest readManifest(const std::string &yaml) {
  Manifest m;
  try {
    YamlNode root = loadYaml(yaml);
    m.version = get<int>(root, k::kVersion, 0);
    if (m.version != kManifestVersion) throw std::runtime_error(manifestProblem(m));
    m.abi = get<int>(root, k::kAbi, 0);
    m.source = get<std::string>(root, k::kSource, "");
    m.compiler = get<std::string>(root, k::kCompiler, "");
    m.math = get<std::string>(root, k::kMath, "accurate");
    for (const YamlNode &e : root[k::kEntries]) m.entries.push_back(readEntry(e));
    for (const YamlNode &kn : root[k::kKernels]) m.kernels.push_back(readKernel(kn));
    m.fusion = readFusion(root[k::kFusion]);
  } catch (const YamlError &e) {
    throw std::runtime_error(std::string("manifest: ") + e.what());
  } catch (const std::runtime_error &e) {
    throw std::runtime_error(std::string("manifest: ") + e.what());
  }
  if (std::string why = manifestProblem(m); !why.empty()) throw std::runtime_error("manifest: " + why);
  return m;
}

} // namespace runmat
