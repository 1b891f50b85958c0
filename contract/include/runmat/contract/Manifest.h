// The manifest an artifact carries: what the shim needs to bind parameters
// and inputs and to launch kernels, and what the compiler decided. The
// compiler fills this model and writes it (ManifestYaml.h); the shim reads
// it back into the same model. docs/artifact.md documents the YAML.
#pragma once

#include "runmat/contract/KernelSchedule.h"
#include "runmat/contract/ParamSource.h"

#include <cstdint>
#include <string>
#include <vector>

namespace runmat {

constexpr int kManifestVersion = 1;

// Element types carry runmat_abi.h's RUNMAT_DTYPE_* codes.
const char *dtypeName(int dtype);
int dtypeFromName(const std::string &name); // throws std::runtime_error on an unknown name
int dtypeBytes(int dtype);                  // bytes per element (a logical is one byte)

enum class Combiner { Sum, Prod, Max, Min };
const char *combinerName(Combiner c);
Combiner combinerFromName(const std::string &name); // throws on an unknown name

struct ParamInfo {
  std::string name;
  double defaultValue = 0;
  int dtype = 0;
  bool isSize = false; // used as an extent: must be a non-negative integer
  // The user's (bound by name, else defaultValue; NaN when the program
  // computes the default), or set by the shim (ParamSource.h).
  ParamSource source;
  bool isUser() const { return source.kind == ParamSourceKind::User; }
};

struct PortInfo {
  std::string name;
  int dtype = 0;
  int rank = 2;
};

struct EntryInfo {
  std::string name;
  std::string kind = "script"; // script | function
  int index = 0;               // in the descriptor's entry table
  std::vector<ParamInfo> params;
  std::vector<PortInfo> inputs;
  std::vector<std::string> outputs;
  std::vector<std::string> buffers; // bytes of buffers the run allocates, as expressions of params
};

struct KernelTensor {
  bool output = false;
  int dtype = 0;
  int rank = 2;         // outputs
  std::vector<int> map; // inputs: iteration dim of each tensor dim (-1: extent 1)
};

// A kernel's work for the cost model: operations by kind (plain
// arithmetic, elementary functions, random draws), per point in all.
struct KernelWork {
  double plain = 0, transcendental = 0, draws = 0;
};

// A fused time loop's bound as the cost model reads it: a kernel scalar
// (spelled s<k>), or a constant (c<v>).
struct LoopBound {
  bool scalar = false;
  int64_t value = 0; // the scalar's index, or the constant
  std::string spelling() const;
  static LoopBound parse(const std::string &spelling); // throws on a bad spelling
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
  std::vector<std::string> space;  // extents as expressions of params
  std::string bytes, flops;        // costs as expressions of params
  std::vector<std::string> covers; // source ops it computes
  std::string fingerprint;         // its structure (KernelOp::getFingerprint): the tuning database's key
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

  // The GPU form: SPIR-V modules (main, then a reduction's flat form when
  // it has one) and the device features they need; or why there is none.
  std::vector<int> gpuModules;
  std::vector<int> flatStreamed; // inputs the flat form reads at every point
  int gpuPoints = 1;             // points each invocation of the GPU form computes (map kernels)
  bool needsFloat64 = false, needsInt64 = false, needsInt8 = false;
  std::string gpuNone;
  // Its GPU schedules (runmat-autotune): the first for any device and size,
  // then tuned ones; pickSchedule chooses.
  std::vector<KernelSchedule> schedules;

  bool isGrouped() const { return !group.empty(); }
  bool isReduce() const { return kind == "reduce"; }
  int numOutputs() const;
  int numInputs() const { return (int)tensors.size() - numOutputs(); }
  // Arithmetic per point for these scalar values (loop trips included).
  double opsAt(const uint64_t *scalars) const;
  double loopTrips(const uint64_t *scalars) const;
  // The work per point by kind for these scalar values (loop trips included).
  KernelWork workAt(const uint64_t *scalars) const;
};

// What the fusion planner did (runmat-fuse's report), or that it was off.
struct FusionReport {
  struct Fired {
    std::string pattern;
    std::vector<std::string> covers;
  };
  struct Rejected {
    std::string pattern, candidate, reason;
  };
  bool enabled = false;
  int64_t kernelsBefore = 0, kernelsAfter = 0;
  std::vector<Fired> fired;
  std::vector<Rejected> rejected;
};

struct Manifest {
  int version = kManifestVersion;
  int abi = 0;
  std::string source;
  std::string compiler;
  std::string math = "accurate"; // GPU kernels' exp, log and pow: accurate, or fast (runmatc compile --math)
  std::vector<EntryInfo> entries;
  std::vector<KernelInfo> kernels; // kernels[i].id == i
  FusionReport fusion;
  const EntryInfo *findEntry(const std::string &name) const;
};

// What is inconsistent in a manifest ("" when nothing): the rules both the
// writer (before an artifact is written) and the reader (before the shim
// trusts one) apply.
std::string manifestProblem(const Manifest &m);

} // namespace runmat
