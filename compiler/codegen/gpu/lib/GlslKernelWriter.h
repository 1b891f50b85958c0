// The GLSL writer of one kernel: the shared base (prologue, offsets, loads
// and stores, the body, accumulators, the shader's header) and one file per
// kernel form over it: GlslMapForms.cpp (maps, the jammed form of a draw),
// GlslGroupedForms.cpp (column-local kernels: group reductions, time loops),
// GlslSplitReduction.cpp (a reduction split over workgroups, finished by
// the last), GlslFlatReduction.cpp (a reduction's flat form over contiguous
// data). GlslKernel.cpp drives it (emitGlslKernels).
#pragma once

#include "runmat/codegen/gpu/GpuKernels.h"

#include "GlslScalar.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/contract/ReductionSchedule.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace runmat::codegen::glsl {

using namespace mlir;
namespace rm = mlir::runmat;

inline std::string str(int64_t v) { return std::to_string(v); }

class KernelWriter {
public:
  explicit KernelWriter(rm::KernelOp k);

  LogicalResult emit(GpuKernel &out);

private:
  Type elementOf(int t);
  std::string suffix(Type e);
  // The type accumulators of result r have: the epilogue's argument type.
  Type accType(int r) { return k_.getEpilogue().front().getArgument(r).getType(); }
  rm::ReduceKind combiner(int r) { return (rm::ReduceKind)cast<IntegerAttr>(k_.getCombiners()[r]).getInt(); }
  bool kahan(int r);

  std::string word(int w) { return "a.w[" + str(w) + "]"; }
  std::string stride(int t, int p) { return "st" + str(t) + "_" + str(p); }

  void prologue();
  std::string tensorName(int t) { return t < nIn_ ? "in" + str(t) : "out" + str(t - nIn_); }

  void decompose(const std::vector<int> &dims, const std::string &linear, const std::string &indent,
                 bool mutableIndices = false, const std::string &name = "i");
  std::string offset(int t, const std::vector<int> &dims, const std::string &name = "i");
  std::string load(int t, const std::string &off);
  std::string store(int t, const std::string &off, const std::string &value);

  std::vector<std::string> bodyArgs(const std::vector<std::string> &inputs, const std::string &name = "i");
  FailureOr<std::vector<std::string>> emitBody(const std::vector<std::string> &inputs, const std::string &indent);

  std::vector<std::string> loadInputs(const std::function<std::string(int)> &offsetOf, const std::string &indent);

  void beginMap();

  FailureOr<bool> emitFastForm(const std::function<LogicalResult()> &loop, bool unguardedSums);
  LogicalResult emitMap();

  int jamCopies();

  LogicalResult emitJammedMap(int copies);

  // ---- column-local kernels (runmat.group_reduce) ---------------------------
  std::vector<int> groupRest();
  void beginGroups(bool strided, bool sharedArrays = true);

  LogicalResult emitGroupedMap();

  LogicalResult emitGroupedRecompute();

  std::vector<std::string> groupExchange(const std::vector<Operation *> &ops, const std::vector<std::string> &values,
                                         const std::map<std::string, size_t> &perType, const std::string &indent);
  std::string combineLanes(rm::GroupReduceOp g, const std::string &mine, const std::string &indent);

  // ---- reductions ------------------------------------------------------------
  std::string identity(int r) { return identity(combiner(r), accType(r).isF64()); }
  std::string identity(rm::ReduceKind kind, bool f64);
  std::string combine(int r, const std::string &a, const std::string &b) { return combine(combiner(r), a, b); }
  std::string combine(rm::ReduceKind kind, const std::string &a, const std::string &b);
  std::string subgroupCombine(int r, const std::string &a) { return subgroupCombine(combiner(r), a); }
  std::string subgroupCombine(rm::ReduceKind kind, const std::string &a);
  // acc_r (+)= value, compensated (Kahan) for sums (accumulator acc<r><slot>,
  // compensation comp<r><slot>). Without guardInfinity_ an infinite sum
  // leaves the compensation NaN (the caller redoes such sums guarded).
  bool guardInfinity_ = true;
  void accumulate(int r, const std::string &value, const std::string &indent, const std::string &slot = "");
  void declareAccumulators(const std::string &indent, const std::string &slot = "");
  std::string partial(int r, const std::string &index);
  void declarePartials();
  void reduceParams();
  LogicalResult writeOutputs(const std::string &indent);

  LogicalResult storeFromLaneZero(const std::string &indent);

  void countIn(const std::string &indent, const std::string &index);

  void beginReduction(int slots);

  LogicalResult emitPartial();

  void combinePartials(const std::string &indent, const std::string &lane, const std::string &step,
                       const std::function<std::string(int, const std::string &)> &at);

  bool hasLoop() { return k_.hasLoop(); }
  void accumulateAll(const std::vector<std::string> &results, const std::string &indent);
  // The reduced indices i_p step to the lane's next point, G * L further.
  void advanceReduced(const std::string &indent) { advance(red_, "sd", indent); }
  void advance(const std::vector<int> &dims, const std::string &by, const std::string &indent,
               const std::string &name = "i");

  // The main reduction loop of a kernel without a time loop takes a lane's
  // next kUnroll points per trip and loads all of them before computing:
  // one load in flight per invocation leaves most of the memory bandwidth
  // unused. Points are accumulated in the same order as one at a time, so
  // the sums are the same; the plain loop that follows takes the rest.
  static constexpr int kUnroll = 4;
  LogicalResult emitUnrolledReduceLoop();

  LogicalResult emitJammedReduceLoop(int copies);

  void sharedTree(const std::string &indent, const std::string &lane, const std::string &lanes,
                  const std::string &partner);

  void emitLaneCombine();

  // ---- flat reductions ----------------------------------------------------------
  // A second form of a reduction over contiguous single-precision data: the
  // space is walked as one column-major run of O * P points, 4 adjacent
  // points per 16-byte load, and every invocation keeps one accumulator per
  // slot of its loads. The runtime picks it (runmat_abi.h, docs/gpu.md)
  // when the Q points of some leading dimensions hold every kept dimension
  // and everything the other inputs vary along, with Q dividing 4 * RM_WG:
  // then point k's output and its other inputs' elements depend on k % Q
  // alone, which is the same for a slot at every trip, so they are loaded
  // once, and the loop does no index arithmetic. image_normalize's two
  // passes spent most of their time on per-point index carries and loads.
  static constexpr int kFlatSlots = (int)::runmat::schedule::kFlatPointsPerLoad; // points per 16-byte load (the contract)
  static constexpr int kFlatUnroll = 4; // loads in flight per streamed input
  static constexpr int kPartialsInFlight = 8; // loads per trip of the last workgroup's combine
  std::optional<std::vector<bool>> flatStreams();
  std::string slotName(int j) { return "_" + str(j); }
  std::string flatPartial(int r, const std::string &index);
  // The body at every slot and trip: [slot][trip][result] of the values to
  // accumulate (GLSL expressions).
  using FlatValues = std::vector<std::vector<std::vector<std::string>>>;
  FailureOr<FlatValues> flatBodies(const std::vector<bool> &streamed, int trips, const std::string &indent);
  LogicalResult flatAccumulate(const std::vector<bool> &streamed, int trips, const std::string &indent);
  bool walksBackward(const std::vector<bool> &streamed);
  LogicalResult emitFlat(const std::vector<bool> &streamed);

  std::string assemble(const std::string &code);

public:
  bool usesRandom_ = false;

private:
  rm::KernelOp k_;
  GlslFeatures features_;
  std::string body_;
  GlslScalarWriter scalar_;
  int rank_ = 0, nIn_ = 0, nOut_ = 0, nt_ = 0, ns_ = 0;
  std::set<int> reduced_;
  std::vector<int> kept_, red_;
  bool grouped_ = false; // a column-local kernel (runmat.group_reduce in its body)
  int points_ = 1;       // points per invocation of a map kernel
};

} // namespace runmat::codegen::glsl
