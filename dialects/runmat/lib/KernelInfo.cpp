// The kernel-info analysis (KernelInfo.h).
#include "runmat/Dialect/RunMat/KernelInfo.h"

#include "runmat/Dialect/RunMat/SymbolicExtents.h"
#include "runmat/runmat_abi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <map>
#include <optional>
#include <string>

namespace mlir::runmat {

namespace {

// a*b*... without factors of 1 ("1" when nothing is left): the manifest's
// spelling of a kernel's bytes and flops, for people.
std::string product(const std::vector<std::string> &factors) {
  std::string out;
  for (const std::string &f : factors)
    if (f != "1") out += (out.empty() ? "" : "*") + f;
  return out.empty() ? "1" : out;
}

// The cost model's view of a kernel body's work, by kind: plain arithmetic,
// elementary functions (exp, log, pow, trigonometry: tens of operations
// each), and random draws (a Philox block per four; a normal draw also
// takes an elementary function's worth for Box-Muller).
void countCost(Operation *op, ::runmat::KernelWork &work) {
  if (auto r = dyn_cast<RandomOp>(op)) {
    work.draws += 1;
    if (r.getDistribution() != Distribution::Uniform) work.transcendental += 1;
    return;
  }
  if (isa<math::ExpOp, math::Exp2Op, math::ExpM1Op, math::LogOp, math::Log2Op, math::Log10Op, math::Log1pOp,
          math::PowFOp, math::FPowIOp, math::SinOp, math::CosOp, math::TanOp, math::TanhOp, math::AtanOp,
          math::Atan2Op, math::ErfOp, math::SinhOp, math::CoshOp, math::AsinOp, math::AcosOp>(op))
    work.transcendental += 1;
  else
    work.plain += 1;
}

// A loop bound for the cost model: kernel scalar k (through casts) or a
// constant; none when it is neither.
std::optional<::runmat::LoopBound> loopBound(Value v, Block &body, unsigned firstScalar) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto c = dyn_cast<arith::ConstantOp>(def)) {
      if (auto i = dyn_cast<IntegerAttr>(c.getValue())) return ::runmat::LoopBound{false, i.getInt()};
      return std::nullopt;
    }
    if (!isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp>(def))
      return std::nullopt;
    v = def->getOperand(0);
  }
  auto arg = dyn_cast<BlockArgument>(v);
  if (!arg || arg.getOwner() != &body || arg.getArgNumber() < firstScalar) return std::nullopt;
  return ::runmat::LoopBound{true, (int64_t)(arg.getArgNumber() - firstScalar)};
}

// The work by kind per point outside the body's loops and per trip of them
// (a fused time loop), and the loops' bounds so that the runtime can count
// the trips; loops it cannot count are counted once.
void describeCost(KernelOp k, ::runmat::KernelInfo &info) {
  const unsigned firstScalar = 2 * k.getRank() + k.getInputs().size();
  ::runmat::KernelWork perPoint, perTrip;
  std::vector<::runmat::LoopBound> bounds;
  bool boundsKnown = true, anyLoop = false;
  for (Operation &op : k.getBodyBlock()) {
    auto loop = dyn_cast<scf::ForOp>(op);
    if (!loop) {
      if (!isa<YieldOp, arith::ConstantOp>(op)) countCost(&op, perPoint);
      continue;
    }
    anyLoop = true;
    loop.getBody()->walk([&](Operation *inner) {
      if (!isa<scf::YieldOp, arith::ConstantOp, scf::ForOp>(inner)) countCost(inner, perTrip);
    });
    for (Value bound : {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()}) {
      auto b = loopBound(bound, k.getBodyBlock(), firstScalar);
      boundsKnown = boundsKnown && b.has_value();
      if (b) bounds.push_back(*b);
    }
  }
  info.hasCost = true;
  if (anyLoop && boundsKnown && bounds.size() == 3) {
    info.costTrip = perTrip;
    info.costTrips = bounds;
  } else {
    perPoint.plain += perTrip.plain;
    perPoint.transcendental += perTrip.transcendental;
    perPoint.draws += perTrip.draws;
  }
  info.costPoint = perPoint;
}

} // namespace

int dtypeCodeOf(Type e) { return e.isF64() ? RUNMAT_DTYPE_DOUBLE : e.isF32() ? RUNMAT_DTYPE_SINGLE : RUNMAT_DTYPE_LOGICAL; }

::runmat::KernelInfo describeKernel(KernelOp k) {
  ::runmat::KernelInfo info;
  info.id = (int)k.getKernelId().value_or(0);
  info.name = "k" + std::to_string(info.id);
  info.kind = k.isReduction() ? "reduce" : "map";
  info.fingerprint = k.getFingerprint();
  info.rank = (int)k.getRank();
  for (Value e : k.getSpace()) info.space.push_back(::runmat::extentExpression(e));
  const std::string elems = product(info.space);
  auto bytesOf = [&](int dtype) { return product({std::to_string(::runmat::dtypeBytes(dtype)), elems}); };
  std::vector<std::string> byteTerms;
  for (unsigned t = 0; t < k.getInputs().size(); ++t) {
    ::runmat::KernelTensor tensor;
    tensor.dtype = dtypeCodeOf(cast<RankedTensorType>(k.getInputs()[t].getType()).getElementType());
    for (int64_t d : k.getInputMap(t)) tensor.map.push_back((int)d);
    byteTerms.push_back(bytesOf(tensor.dtype));
    info.tensors.push_back(std::move(tensor));
  }
  for (Type r : k.getResultTypes()) {
    auto t = cast<RankedTensorType>(r);
    ::runmat::KernelTensor tensor;
    tensor.output = true;
    tensor.dtype = dtypeCodeOf(t.getElementType());
    tensor.rank = (int)t.getRank();
    if (!k.isReduction()) byteTerms.push_back(bytesOf(tensor.dtype));
    info.tensors.push_back(std::move(tensor));
  }
  if (k.isReduction()) {
    for (int64_t d : k.getReduceDims()) info.reduce.push_back((int)d);
    for (Attribute c : k.getCombiners())
      info.combiners.push_back(::runmat::combinerFromName(stringifyReduceKind((ReduceKind)cast<IntegerAttr>(c).getInt()).str()));
  }
  info.numScalars = (int)k.getScalars().size();
  std::string bytes;
  for (const std::string &t : byteTerms) bytes += (bytes.empty() ? "" : "+") + t;
  info.bytes = bytes.empty() ? "0" : bytes;
  SmallVector<int64_t> loopScalars;
  int64_t loopOps = 0;
  info.opsPerElement = (int)k.getOpsPerPoint(&loopScalars, &loopOps);
  info.flops = product({std::to_string(info.opsPerElement), elems});
  if (!loopScalars.empty()) {
    info.loopScalars.assign(loopScalars.begin(), loopScalars.end());
    info.loopOps = (int)loopOps;
  }
  describeCost(k, info);
  // Column-local kernels: the group dimensions (never split between CPU
  // boxes or GPU workgroups). Without a time loop a GPU lane may stride over
  // a column's rows (any column height); with one, each lane keeps one
  // row's state.
  for (int64_t d : k.getGroupDims()) info.group.push_back((int)d);
  if (info.isGrouped()) info.groupStrided = !k.hasLoop();
  if (auto list = k->getAttrOfType<ArrayAttr>("runmat.covers"))
    for (Attribute a : list) info.covers.push_back(cast<StringAttr>(a).str());
  else
    info.covers.push_back(k.getLabel().value_or("").str());
  if (auto schedules = k.getSchedulesAttr())
    for (Attribute a : schedules) info.schedules.push_back(cast<ScheduleAttr>(a).toContract());
  return info;
}

KernelInfoAnalysis::KernelInfoAnalysis(Operation *module) {
  std::map<int64_t, ::runmat::KernelInfo> byId;
  module->walk([&](KernelOp k) {
    if (!problem_.empty()) return;
    if (!k.getKernelId()) {
      problem_ = "a kernel has no kernel_id: run runmat-number-kernels first";
      return;
    }
    const int64_t id = (int64_t)*k.getKernelId();
    if (!byId.emplace(id, describeKernel(k)).second) problem_ = "kernel_id " + std::to_string(id) + " is taken twice";
  });
  for (auto &[id, info] : byId) {
    if (!problem_.empty()) break;
    if (id != (int64_t)kernels_.size()) {
      problem_ = "kernel ids are not 0.." + std::to_string(byId.size() - 1) + ": no kernel " + std::to_string(kernels_.size());
      break;
    }
    kernels_.push_back(std::move(info));
  }
  if (!problem_.empty()) kernels_.clear();
}

} // namespace mlir::runmat
