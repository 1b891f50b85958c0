// Generated kernels on the GPU: the argument block of runmat_abi.h, the
// launch grid, and the schedule of reductions (outputs per workgroup, lanes
// per output, slices of the reduced points).
#include "GpuExec.h"

#include "GpuSchedule.h"

#include "../Artifact.h"

#include "runmat/contract/ReductionSchedule.h"

#include <algorithm>
#include <cstdlib>

namespace runmat::rt {

namespace {

using schedule::kIndexLimit;
using schedule::nextPow2;

uint32_t lo(uint64_t v) { return (uint32_t)v; }
uint32_t hi(uint64_t v) { return (uint32_t)(v >> 32); }

uint32_t groupsFor(GpuDevice &d, int64_t items, uint32_t perGroup) {
  int64_t g = std::max<int64_t>(1, (items + perGroup - 1) / perGroup);
  g = std::min<int64_t>(g, d.limits().maxComputeWorkGroupCount[0]);
  g = std::min<int64_t>(g, kIndexLimit / perGroup);
  return (uint32_t)g;
}

} // namespace

void gpuLost(runmat_exec *x, const std::string &what) {
  x->deviceLost = true;
  fail(x, RM_ERR_RUNTIME, what.find("lost") == std::string::npos ? "the GPU device was lost: " + what : what);
}

std::string gpuKernelRefusal(const std::string &device, const GpuFeatures &f, const KernelInfo &k) {
  if (k.gpuModules.empty()) return "no GPU form: " + k.gpuNone;
  if (k.needsFloat64 && !f.float64) return "it computes in double precision and " + device + " has no shaderFloat64 that keeps infinities and NaNs";
  if (k.needsInt64 && !f.int64) return "it needs 64-bit integers and " + device + " has no shaderInt64";
  if (k.needsInt8 && !f.int8) return "it reads logical (8-bit) data and " + device + " has no 8-bit storage";
  if ((k.isReduce() || k.isGrouped()) && !f.subgroupArithmetic)
    return "it reduces with subgroup operations and " + device + " has none in compute shaders";
  return "";
}

namespace {

bool launchGpuKernel(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars, const int64_t *space,
                     std::string &refusal);

bool negativeStrides(const Tensor *t) {
  for (int j = 0; j < t->rank; ++j)
    if (t->strides[j] < 0) return true;
  return false;
}

} // namespace

bool launchGpu(runmat_exec *x, int id, Tensor *const *given, const uint64_t *scalars, const int64_t *space,
               std::string &refusal) {
  // Kernels index forward from element 0: a view that runs backwards (x(end:-1:1))
  // is first copied into a contiguous one.
  const KernelInfo &info = x->artifact->manifest.kernels.at((size_t)id);
  std::vector<Tensor *> tensors(given, given + info.tensors.size()), copies;
  for (int t = 0; t < info.numInputs(); ++t)
    if (negativeStrides(tensors[(size_t)t])) {
      Tensor *c = newTensor(x, tensors[(size_t)t]->dtype, tensors[(size_t)t]->rank, tensors[(size_t)t]->dims);
      copies.push_back(c);
      if (!deviceWrite(x, c, refusal) || !gpuCopy(x, tensors[(size_t)t], c, refusal)) {
        for (Tensor *k : copies) releaseTensor(x, k);
        return false;
      }
      tensors[(size_t)t] = c;
    }
  bool ok = launchGpuKernel(x, id, tensors.data(), scalars, space, refusal);
  for (Tensor *c : copies) releaseTensor(x, c); // the stream orders later reuse after the kernel
  return ok;
}

namespace {

// The flat form of a reduction (runmat_abi.h) applies when its streamed
// inputs are contiguous in column-major order and 16-byte aligned, and the
// leading dimensions that hold every kept dimension and every dimension
// another input varies along have Q points, Q dividing 4 * wg. Gives Q, or
// 0 when the form does not apply (or RUNMAT_GPU_FLAT=off, for experiments).
int64_t flatResidues(const KernelInfo &k, Tensor *const *tensors, const KernelBinding &b, const int64_t *space,
                     uint32_t wg) {
  const int rank = k.rank, nIn = k.numInputs();
  static const bool off = [] {
    const char *v = std::getenv("RUNMAT_GPU_FLAT");
    return v && std::string(v) == "off";
  }();
  if (off || k.flatStreamed.empty() || (wg & (wg - 1)) != 0) return 0;
  std::vector<bool> streamed((size_t)nIn, false), reduced((size_t)rank, false);
  for (int t : k.flatStreamed) streamed[(size_t)t] = true;
  for (int p : k.reduce) reduced[(size_t)p] = true;
  int64_t total = 1;
  for (int p = 0; p < rank; ++p) total *= space[p];
  if (total == 0) return 0;
  int leading = 0; // dimensions 0 .. leading-1
  for (int p = 0; p < rank; ++p)
    if (space[p] > 1 && !reduced[(size_t)p]) leading = p + 1;
  for (int t = 0; t < nIn; ++t) {
    const int64_t *st = &b.strides[(size_t)(t * rank)];
    if (!streamed[(size_t)t]) {
      for (int p = 0; p < rank; ++p)
        if (space[p] > 1 && st[p] != 0) leading = std::max(leading, p + 1);
      continue;
    }
    if (deviceAddress(tensors[t]) % schedule::kFlatLoadBytes != 0) return 0;
    int64_t expected = 1;
    for (int p = 0; p < rank; ++p) {
      if (space[p] > 1 && st[p] != expected) return 0;
      expected *= space[p];
    }
  }
  int64_t Q = 1;
  for (int p = 0; p < leading; ++p) Q *= space[p];
  return schedule::flatResiduesFit(Q, wg) ? Q : 0;
}

// The scratch of a reduction split over workgroups: the partial results and
// `counters` zeroed words, their addresses put in the argument block.
bool allocateSplit(runmat_exec *x, std::vector<uint32_t> &w, int nt, size_t partialBytes, size_t counters,
                   GpuBuffer *&partial, GpuBuffer *&counter, std::string &refusal) {
  GpuStream &stream = x->gpu->stream();
  partial = stream.allocate(partialBytes);
  counter = partial ? stream.allocate(counters * 4) : nullptr;
  if (!counter || !stream.fill(counter, 0, counters * 4, 0)) {
    if (x->gpu->device().lost()) gpuLost(x, stream.error());
    refusal = stream.error();
    stream.release(partial);
    stream.release(counter);
    return false;
  }
  w[(size_t)runmat_gpu_word_partial(nt)] = lo(partial->address);
  w[(size_t)runmat_gpu_word_partial(nt) + 1] = hi(partial->address);
  w[(size_t)runmat_gpu_word_counter(nt)] = lo(counter->address);
  w[(size_t)runmat_gpu_word_counter(nt) + 1] = hi(counter->address);
  return true;
}

// Workgroups of a flat reduction per compute unit: the schedule's
// (runmat-autotune's model: 4 for a body that mostly reads, 8 for one with
// arithmetic to hide); RUNMAT_GPU_FLAT_GROUPS overrides it for experiments.
int64_t flatGroupsPerUnit(const LaunchSchedule &s) {
  static const int64_t forced = [] {
    const char *v = std::getenv("RUNMAT_GPU_FLAT_GROUPS");
    long n = v ? std::strtol(v, nullptr, 10) : 0;
    return n >= 1 && n <= 64 ? (int64_t)n : (int64_t)0;
  }();
  return forced ? forced : s.flatGroupsPerUnit;
}

// A schedule's part of the telemetry text: "wg 256 (model)".
std::string scheduleText(const LaunchSchedule &s) {
  return "wg " + std::to_string(s.workgroupSize) + " (" + s.source + ")";
}

bool launchFlat(runmat_exec *x, int id, int tag, VkPipeline flat, const LaunchSchedule &sched, std::vector<uint32_t> &w,
                int64_t O, int64_t P, int64_t Q, std::string &refusal) {
  const KernelInfo &k = x->artifact->manifest.kernels.at((size_t)id);
  GpuBackend &g = *x->gpu;
  GpuDevice &d = g.device();
  GpuStream &stream = g.stream();
  const int nt = (int)k.tensors.size(), nOut = k.numOutputs();
  const int64_t wg = sched.workgroupSize, loads = O * P / schedule::kFlatPointsPerLoad;
  // Enough workgroups to keep loads in flight on every compute unit, not
  // more (each adds Q partial results to combine); lavapipe ends a loop
  // after 65535 trips of one invocation, so at most 16384 loads each there.
  int64_t groups = std::min<int64_t>((loads + wg - 1) / wg, flatGroupsPerUnit(sched) * (int64_t)d.computeUnits());
  const int64_t perInvocation = schedule::kFlatMaxLoadsPerInvocation;
  groups = std::max<int64_t>({groups, (loads + wg * perInvocation - 1) / (wg * perInvocation), 1});
  groups = std::min<int64_t>({groups, (int64_t)d.limits().maxComputeWorkGroupCount[0],
                              kIndexLimit / std::max<int64_t>(1, 2 * nOut * Q)});
  GpuBuffer *partial = nullptr, *counter = nullptr;
  if (!allocateSplit(x, w, nt, (size_t)(nOut * Q * groups * 8), 1, partial, counter, refusal)) return false;
  int r = runmat_gpu_word_reduce(nt, k.numScalars, k.rank);
  w[(size_t)(r + RUNMAT_GPU_RED_O)] = (uint32_t)O;
  w[(size_t)(r + RUNMAT_GPU_RED_P)] = (uint32_t)P;
  w[(size_t)(r + RUNMAT_GPU_RED_G)] = (uint32_t)groups;
  w[(size_t)(r + RUNMAT_GPU_RED_OG)] = 1;
  w[(size_t)(r + RUNMAT_GPU_RED_Q)] = (uint32_t)Q;
  x->telemetry.noteKernelSchedule(id, scheduleKey({0, (uint64_t)Q, (uint64_t)groups, (uint64_t)wg}), [&] {
    return "flat: " + std::to_string(Q) + (Q == 1 ? " residue, " : " residues, ") + std::to_string(groups) +
           (groups == 1 ? " workgroup, " : " workgroups, ") + scheduleText(sched);
  }, ScheduleRecord{"flat", sched.source, wg, (int64_t)groups, Q});
  bool ok = stream.dispatch(flat, w.data(), w.size(), (uint32_t)groups, 1, 1, tag);
  stream.release(partial); // later work reuses them only after this dispatch (stream order)
  stream.release(counter);
  if (!ok) {
    if (d.lost()) gpuLost(x, stream.error());
    refusal = stream.error();
  }
  return ok;
}

bool launchGpuKernel(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars, const int64_t *space,
                     std::string &refusal) {
  const KernelInfo &k = x->artifact->manifest.kernels.at((size_t)id);
  GpuBackend &g = *x->gpu;
  GpuDevice &d = g.device();
  GpuStream &stream = g.stream();
  const int rank = k.rank, nt = (int)k.tensors.size(), ns = k.numScalars, nIn = k.numInputs();
  int64_t total = 1;
  for (int p = 0; p < rank; ++p) total *= space[p];
  if (total > kIndexLimit) {
    refusal = "its iteration space has more than 2^31 points";
    return false;
  }
  for (int t = 0; t < nt; ++t) {
    if (tensors[t]->numel() > kIndexLimit) {
      refusal = "a tensor of more than 2^31 elements";
      return false;
    }
    if (negativeStrides(tensors[t])) {
      refusal = "internal: a view with negative strides";
      return false;
    }
  }
  KernelBinding b = bindKernel(x, k, tensors, space);
  const KernelSchedule *own = nullptr;
  if (x->schedules)
    if (auto it = x->schedules->find(id); it != x->schedules->end()) own = &it->second;
  const LaunchSchedule sched = launchSchedule(k, d, space, total, own);
  x->telemetry.kernels[id].points = total;
  VkPipeline main = g.module(k.gpuModules[0], sched.workgroupSize, refusal);
  if (!main) {
    g.refused[id] = refusal;
    return false;
  }
  for (int t = 0; t < nt; ++t) {
    GpuBuffer *buf = t < nIn ? deviceRead(x, tensors[t], refusal) : deviceWrite(x, tensors[t], refusal);
    if (!buf) return false;
  }
  x->launches++;
  if (total == 0 && !k.isReduce()) return true;

  std::vector<uint32_t> w((size_t)runmat_gpu_words(nt, ns, rank), 0);
  for (int t = 0; t < nt; ++t) {
    uint64_t a = deviceAddress(tensors[t]);
    w[(size_t)runmat_gpu_word_addr(t)] = lo(a);
    w[(size_t)runmat_gpu_word_addr(t) + 1] = hi(a);
  }
  for (int s = 0; s < ns; ++s) {
    w[(size_t)runmat_gpu_word_scalar(nt, s)] = lo(scalars[s]);
    w[(size_t)runmat_gpu_word_scalar(nt, s) + 1] = hi(scalars[s]);
  }
  for (int p = 0; p < rank; ++p) w[(size_t)(runmat_gpu_word_space(nt, ns) + p)] = (uint32_t)space[p];
  for (int t = 0; t < nt; ++t)
    for (int p = 0; p < rank; ++p) {
      int64_t st = b.strides[(size_t)(t * rank + p)];
      if (st > kIndexLimit) {
        refusal = "a stride beyond 2^31 elements";
        return false;
      }
      w[(size_t)runmat_gpu_word_stride(nt, ns, rank, t, p)] = (uint32_t)st;
    }
  const uint32_t wg = sched.workgroupSize;
  const int tag = g.tagKernel(id);

  if (k.isGrouped() && !k.groupStrided && space[0] > (int64_t)wg) {
    refusal = "its columns of " + std::to_string(space[0]) + " points do not fit one workgroup of " +
              std::to_string(wg) + " invocations";
    return false;
  }
  if (!k.isReduce()) {
    // A column-local kernel takes nextPow2(column) lanes per column, at
    // most a workgroup (whose lanes then stride over the rows).
    int64_t lanes = std::min<int64_t>(wg, nextPow2(std::max<int64_t>(1, space[0])));
    uint32_t groups = k.isGrouped() ? groupsFor(d, total / std::max<int64_t>(1, space[0]), (uint32_t)(wg / lanes))
                                    : groupsFor(d, (total + k.gpuPoints - 1) / k.gpuPoints, wg);
    // Map kernels stride over their points: workgroups beyond what fills
    // the device several times over only add launch work (image_normalize's
    // draw, one workgroup per 256 points, 3/4 of them empty since it
    // computes 4 points per invocation: 0.83 ms on the H100; capped, 0.30 ms).
    // Lavapipe ends a loop after 65535 trips of one invocation: at most
    // kMaxPointsPerInvocation here.
    if (!k.isGrouped()) {
      const int64_t cap = std::max<int64_t>(sched.groupsPerUnit * (int64_t)d.computeUnits(),
                                            (total + (int64_t)wg * schedule::kMaxPointsPerInvocation - 1) /
                                                ((int64_t)wg * schedule::kMaxPointsPerInvocation));
      groups = (uint32_t)std::min<int64_t>(groups, cap);
    }
    x->telemetry.noteKernelSchedule(id, scheduleKey({3, (uint64_t)groups, (uint64_t)wg}), [&] {
      return std::to_string(groups) + (groups == 1 ? " workgroup, " : " workgroups, ") + scheduleText(sched);
    }, ScheduleRecord{"map", sched.source, (int64_t)wg, (int64_t)groups});
    if (!stream.dispatch(main, w.data(), w.size(), groups, 1, 1, tag)) {
      if (d.lost()) gpuLost(x, stream.error());
      refusal = stream.error();
      return false;
    }
    return true;
  }

  // Reduction schedule (runmat_abi.h): outputs O, reduced points P.
  std::vector<bool> reduced((size_t)rank, false);
  for (int p : k.reduce) reduced[(size_t)p] = true;
  int64_t O = 1, P = 1;
  for (int p = 0; p < rank; ++p) (reduced[(size_t)p] ? P : O) *= space[p];
  if (O == 0) return true;
  if (int64_t Q = sched.splitOnly ? 0 : flatResidues(k, tensors, b, space, wg); Q > 0) {
    std::string why;
    if (VkPipeline flat = g.module(k.gpuModules[1], wg, why))
      return launchFlat(x, id, tag, flat, sched, w, O, P, Q, refusal);
    x->telemetry.noteKernelSchedule(id, scheduleKey({1}), [&] { return "no flat form (" + why + ")"; },
                                    ScheduleRecord{"no flat form", "", 0, 0});
  }
  // The split schedule (contract: ReductionSchedule.h) at the schedule's
  // workgroups per compute unit; RUNMAT_GPU_OCCUPANCY overrides them for
  // experiments.
  static const int64_t forcedOccupancy = [] {
    const char *v = std::getenv("RUNMAT_GPU_OCCUPANCY");
    long f = v ? std::strtol(v, nullptr, 10) : 0;
    return f >= 1 && f <= 64 ? (int64_t)f : (int64_t)0;
  }();
  const int64_t occupancy = forcedOccupancy ? forcedOccupancy : sched.groupsPerUnit;
  const int nOut = k.numOutputs();
  schedule::SplitReductionShape shape;
  shape.O = O;
  shape.P = P;
  shape.leadingExtent = rank > 0 ? space[0] : 1;
  shape.leadingReduced = rank == 0 || reduced[0] || space[0] == 1;
  shape.timeLoop = !k.loopScalars.empty();
  shape.numOutputs = nOut;
  const schedule::SplitReduction split = schedule::splitReduction(
      shape, {(int64_t)wg, (int64_t)d.subgroupSize(), (int64_t)d.computeUnits(), occupancy});
  const int64_t OB = split.OB, L = split.L, OG = split.OG, G = split.G;
  const bool lanesFirst = split.lanesFirst;
  GpuBuffer *partial = nullptr, *counter = nullptr;
  if (G > 1 && !allocateSplit(x, w, nt, (size_t)(nOut * O * G * 8), (size_t)OG, partial, counter, refusal))
    return false;
  int r = runmat_gpu_word_reduce(nt, ns, rank);
  w[(size_t)(r + RUNMAT_GPU_RED_O)] = (uint32_t)O;
  w[(size_t)(r + RUNMAT_GPU_RED_P)] = (uint32_t)P;
  w[(size_t)(r + RUNMAT_GPU_RED_OB)] = (uint32_t)OB;
  w[(size_t)(r + RUNMAT_GPU_RED_L)] = (uint32_t)L;
  w[(size_t)(r + RUNMAT_GPU_RED_G)] = (uint32_t)G;
  w[(size_t)(r + RUNMAT_GPU_RED_OG)] = (uint32_t)OG;
  w[(size_t)(r + RUNMAT_GPU_RED_LF)] = lanesFirst ? 1u : 0u;
  x->telemetry.noteKernelSchedule(id, scheduleKey({2, (uint64_t)OB, (uint64_t)L, (uint64_t)G, (uint64_t)wg}), [&] {
    return std::to_string(OB) + (OB == 1 ? " output x " : " outputs x ") + std::to_string(L) +
           " lanes per workgroup, " + std::to_string(G) + (G == 1 ? " slice, " : " slices, ") + scheduleText(sched);
  }, ScheduleRecord{"split", sched.source, (int64_t)wg, (int64_t)OG * (int64_t)G, 0, (int64_t)OB, (int64_t)L,
                    (int64_t)G});
  uint32_t gx = (uint32_t)std::min<int64_t>(OG, d.limits().maxComputeWorkGroupCount[0]);
  bool ok = stream.dispatch(main, w.data(), w.size(), gx, (uint32_t)G, 1, tag);
  stream.release(partial); // later work reuses them only after this dispatch (stream order)
  stream.release(counter);
  if (!ok) {
    if (d.lost()) gpuLost(x, stream.error());
    refusal = stream.error();
    return false;
  }
  return true;
}

} // namespace

} // namespace runmat::rt
