// The manifest an artifact carries (YAML): what the shim needs to bind
// parameters and inputs and to launch kernels. runmatc writes it
// (compiler/codegen ManifestWriter); docs/artifact.md documents it.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace runmat::rt {

constexpr int kManifestVersion = 1;

enum class Combiner { Sum, Prod, Max, Min };

struct ParamInfo {
  std::string name;
  double defaultValue = 0;
  int dtype = 0;
  bool isSize = false; // used as an extent: must be a non-negative integer
};

struct PortInfo {
  std::string name;
  int dtype = 0;
  int rank = 2;
};

struct EntryInfo {
  std::string name;
  std::string kind; // script | function
  int index = 0;    // in the descriptor's entry table
  std::vector<ParamInfo> params;
  std::vector<PortInfo> inputs;
  std::vector<std::string> outputs;
  std::vector<std::string> buffers; // bytes of buffers the run allocates, as expressions of params
};

struct KernelTensor {
  bool output = false;
  int dtype = 0;
  int rank = 2;
  std::vector<int> map; // inputs: iteration dim of each tensor dim (-1: extent 1)
};

// A kernel's work for the cost model: operations by kind (plain
// arithmetic, elementary functions, random draws), per point in all.
struct KernelWork {
  double plain = 0, transcendental = 0, draws = 0;
};

// A fused time loop's bound as the cost model reads it: a kernel scalar,
// or a constant.
struct LoopBound {
  bool scalar = false;
  int64_t value = 0; // the scalar's index, or the constant
};

struct KernelInfo {
  int id = 0;
  std::string name;
  std::string kind; // map | reduce
  int rank = 0;
  std::vector<KernelTensor> tensors; // inputs then outputs
  std::vector<int> reduce;           // reduced iteration dims (0-based)
  std::vector<Combiner> combiners;   // per output of a reduce kernel
  int numScalars = 0;
  std::vector<std::string> space; // extents as expressions of params
  std::string bytes, flops;       // costs as expressions of params
  std::vector<std::string> covers; // source ops it computes
  int opsPerElement = 1;           // body arithmetic per point (cost model)
  // A fused time loop in the body: the scalars holding its lower bound,
  // upper bound and step (empty: none), and its arithmetic per trip.
  std::vector<int> loopScalars;
  int loopOps = 0;
  // Column-local kernels: iteration dims whose points share group
  // reductions (a group is never split), and the CPU scratch slots per point
  // of a group.
  std::vector<int> group;
  int groupSlots = 0;
  bool groupStrided = false; // GPU lanes stride over a column's rows (no time loop): any height

  // The work by kind per point outside any fused loop, per trip of it, and
  // its bounds (manifest `cost`); without them the old `ops` count.
  KernelWork costPoint, costTrip;
  std::vector<LoopBound> costTrips; // lower bound, upper bound, step; empty: no counted loop
  bool hasCost = false;

  bool isGrouped() const { return !group.empty(); }
  // Arithmetic per point for these scalar values (loop trips included).
  double opsAt(const uint64_t *scalars) const;
  double loopTrips(const uint64_t *scalars) const;
  // The work per point by kind for these scalar values (loop trips included).
  KernelWork workAt(const uint64_t *scalars) const;
  // The GPU form: SPIR-V modules (main, then a reduction's flat form when
  // it has one) and the device features they need; or why there is none.
  std::vector<int> gpuModules;
  std::vector<int> flatStreamed; // inputs the flat form reads at every point
  int gpuPoints = 1; // points each invocation of the GPU form computes (map kernels)
  bool needsFloat64 = false, needsInt64 = false, needsInt8 = false;
  std::string gpuNone;
  bool isReduce() const { return kind == "reduce"; }
  int numOutputs() const;
  int numInputs() const { return (int)tensors.size() - numOutputs(); }
};

struct Manifest {
  int version = 0;
  int abi = 0;
  std::string source;
  std::string math = "accurate"; // GPU kernels' exp, log and pow: accurate, or fast (runmatc compile --math)
  std::vector<EntryInfo> entries;
  std::vector<KernelInfo> kernels;
  const EntryInfo *findEntry(const std::string &name) const;
};

// Throws std::runtime_error naming what is wrong.
Manifest parseManifest(const std::string &yaml);

// Evaluates a size expression over parameters: numbers, names, + - * /,
// parentheses, min(a,b), max(a,b), floor(x), ceil(x). Throws on error.
double evalExpression(const std::string &expr, const std::map<std::string, double> &values);

} // namespace runmat::rt
