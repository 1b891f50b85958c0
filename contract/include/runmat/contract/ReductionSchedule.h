// The rules of a generated kernel's GPU schedule that the GLSL writer and
// the shim's launch code must agree on, as named constants and pure
// functions (runmat_abi.h lays out the words that carry them). Decided
// here once, read by both sides, in the manner of Triton's ReduceOpHelper.
#pragma once

#include <cstdint>

namespace runmat::schedule {

// Shaders index with 32-bit integers: no index, count or extent above this.
constexpr int64_t kIndexLimit = INT32_MAX;
// Lavapipe ends a loop after 65535 trips of one invocation: the launches
// keep every invocation's trips below that.
constexpr int64_t kMaxLoopTrips = 65535;
// Map kernels: at most this many points per invocation (the trip cap, with room).
constexpr int64_t kMaxPointsPerInvocation = 32768;
// Map kernels: workgroups per compute unit the launch need not exceed.
constexpr int64_t kMapGroupsPerUnit = 16;
// Split reductions: slices of the reduced points (dispatch height) at most.
constexpr int64_t kMaxSlices = 65535;
// Split reductions: workgroups per compute unit aimed at (RUNMAT_GPU_OCCUPANCY overrides).
constexpr int64_t kReductionOccupancy = 16;
// Split reductions: at least this many reduced points per lane in a slice.
constexpr int64_t kPointsPerLanePerSlice = 8;

// The flat form: points per 16-byte load, the loads' alignment, and the
// loads each invocation of the flat form takes at most (lavapipe's cap on
// loop trips, four loads a trip).
constexpr int64_t kFlatPointsPerLoad = 4;
constexpr int64_t kFlatLoadBytes = 16;
constexpr int64_t kFlatMaxLoadsPerInvocation = 16384;

int64_t nextPow2(int64_t v);

// The flat form applies when the Q points of the leading dimensions that
// hold every kept dimension (and what the other inputs vary along) divide
// the workgroup's slots: kFlatPointsPerLoad * workgroup size.
bool flatResiduesFit(int64_t Q, int64_t workgroupSize);

// A split reduction: O outputs, P reduced points; OB outputs of L lanes
// each per workgroup, OG groups of outputs, G slices of the reduced points;
// lanes first when the reduced points are adjacent in memory.
struct SplitReduction {
  int64_t O = 0, P = 0, OB = 1, L = 1, OG = 1, G = 1;
  bool lanesFirst = true;
};

struct SplitReductionShape {
  int64_t O = 0, P = 0;
  int64_t leadingExtent = 1;   // extent of iteration dimension 0
  bool leadingReduced = true;  // dimension 0 reduced (or rank 0, or extent 1)
  bool timeLoop = false;       // a fused time loop makes every point costly
  int numOutputs = 1;
};

struct SplitReductionDevice {
  int64_t workgroupSize = 256, subgroupSize = 32, computeUnits = 1;
  int64_t occupancy = kReductionOccupancy;
};

SplitReduction splitReduction(const SplitReductionShape &shape, const SplitReductionDevice &device);

} // namespace runmat::schedule
