// What the manifest records of a kernel (KernelDescription.h).
#include "KernelDescription.h"

#include "runmat/Dialect/RunMat/SymbolicExtents.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

#include <string>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat {

namespace {

const char *dtypeName(Type e) {
  if (e.isF64()) return "double";
  if (e.isF32()) return "single";
  return "logical";
}

// The cost model's view of a kernel body's work, by kind: plain arithmetic,
// elementary functions (exp, log, pow, trigonometry: tens of operations
// each), and random draws (a Philox block per four; a normal draw also
// takes an elementary function's worth for Box-Muller).
enum CostKind { kPlain = 0, kTranscendental = 1, kDraw = 2 };


int costKind(Operation *op) {
  if (isa<rm::RandomOp>(op)) return kDraw;
  if (isa<math::ExpOp, math::Exp2Op, math::ExpM1Op, math::LogOp, math::Log2Op, math::Log10Op, math::Log1pOp,
          math::PowFOp, math::FPowIOp, math::SinOp, math::CosOp, math::TanOp, math::TanhOp, math::AtanOp,
          math::Atan2Op, math::ErfOp, math::SinhOp, math::CoshOp, math::AsinOp, math::AcosOp>(op))
    return kTranscendental;
  return kPlain;
}

void countCost(Operation *op, int64_t *counts) {
  if (auto r = dyn_cast<rm::RandomOp>(op)) {
    counts[kDraw]++;
    if (r.getDistribution() != rm::Distribution::Uniform) counts[kTranscendental]++;
    return;
  }
  counts[costKind(op)]++;
}

// A loop bound for the cost model: "s<k>" (kernel scalar k, through casts)
// or "c<v>" (a constant), "" when neither.
std::string boundText(Value v, Block &body, unsigned firstScalar) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto c = dyn_cast<arith::ConstantOp>(def)) {
      if (auto i = dyn_cast<IntegerAttr>(c.getValue())) return "c" + std::to_string(i.getInt());
      return "";
    }
    if (!isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp>(def))
      return "";
    v = def->getOperand(0);
  }
  auto arg = dyn_cast<BlockArgument>(v);
  if (!arg || arg.getOwner() != &body || arg.getArgNumber() < firstScalar) return "";
  return "s" + std::to_string(arg.getArgNumber() - firstScalar);
}

} // namespace

DictionaryAttr describeKernel(rm::KernelOp k, int64_t id, int64_t groupSlots) {
  Builder b(k.getContext());
  SmallVector<NamedAttribute> f;
  f.push_back(b.getNamedAttr("id", b.getI64IntegerAttr(id)));
  f.push_back(b.getNamedAttr("kind", b.getStringAttr(k.isReduction() ? "reduce" : "map")));
  f.push_back(b.getNamedAttr("rank", b.getI64IntegerAttr(k.getRank())));
  f.push_back(b.getNamedAttr("label", b.getStringAttr(k.getLabel().value_or(""))));
  SmallVector<Attribute> ins, outs, outRanks, space, combiners;
  for (unsigned t = 0; t < k.getInputs().size(); ++t)
    ins.push_back(b.getDictionaryAttr(
        {b.getNamedAttr("dtype", b.getStringAttr(dtypeName(cast<RankedTensorType>(k.getInputs()[t].getType()).getElementType()))),
         b.getNamedAttr("map", k.getInputMaps()[t])}));
  for (Type t : k.getResultTypes()) {
    outs.push_back(b.getStringAttr(dtypeName(cast<RankedTensorType>(t).getElementType())));
    outRanks.push_back(b.getI64IntegerAttr(cast<RankedTensorType>(t).getRank()));
  }
  for (Attribute c : k.getCombiners())
    combiners.push_back(b.getStringAttr(rm::stringifyReduceKind((rm::ReduceKind)cast<IntegerAttr>(c).getInt())));
  for (Value e : k.getSpace()) space.push_back(b.getStringAttr(::runmat::extentExpression(e)));
  f.push_back(b.getNamedAttr("inputs", b.getArrayAttr(ins)));
  f.push_back(b.getNamedAttr("outputs", b.getArrayAttr(outs)));
  f.push_back(b.getNamedAttr("reduce", k.getReduceDimsAttr()));
  f.push_back(b.getNamedAttr("output_ranks", b.getArrayAttr(outRanks)));
  f.push_back(b.getNamedAttr("combiners", b.getArrayAttr(combiners)));
  f.push_back(b.getNamedAttr("scalars", b.getI64IntegerAttr(k.getScalars().size())));
  f.push_back(b.getNamedAttr("space", b.getArrayAttr(space)));
  // Column-local kernels: the group dimensions (never split between CPU
  // boxes or GPU workgroups) and the CPU scratch slots per row.
  SmallVector<int64_t> group = k.getGroupDims();
  if (!group.empty()) {
    f.push_back(b.getNamedAttr("group", b.getDenseI64ArrayAttr(group)));
    f.push_back(b.getNamedAttr("group_slots", b.getI64IntegerAttr(groupSlots)));
    // Without a time loop a GPU lane may stride over a column's rows (any
    // column height); with one, each lane keeps one row's state.
    bool loop = false;
    k.getBodyBlock().walk([&](scf::ForOp) { loop = true; });
    f.push_back(b.getNamedAttr("group_strided", b.getBoolAttr(!loop)));
  }
  // Operations per element, for the cost model: the body's arithmetic; a
  // fused time loop's ops count once per trip, its bounds named by scalar.
  int64_t loopOps = 0;
  SmallVector<int64_t> loopScalars;
  const unsigned firstScalar = 2 * k.getRank() + k.getInputs().size();
  f.push_back(b.getNamedAttr("ops_per_element", b.getI64IntegerAttr(k.getOpsPerPoint(&loopScalars, &loopOps))));
  if (!loopScalars.empty()) {
    f.push_back(b.getNamedAttr("loop_scalars", b.getDenseI64ArrayAttr(loopScalars)));
    f.push_back(b.getNamedAttr("loop_ops", b.getI64IntegerAttr(loopOps)));
  }
  // The work by kind, per point outside the body's loops and per trip of
  // them (a fused time loop), and the loops' bounds (scalars or constants)
  // so that the runtime can count the trips.
  int64_t perPoint[3] = {0, 0, 0}, perTrip[3] = {0, 0, 0};
  SmallVector<Attribute> bounds;
  bool boundsKnown = true;
  for (Operation &op : k.getBodyBlock()) {
    auto loop = dyn_cast<scf::ForOp>(op);
    if (!loop) {
      if (!isa<rm::YieldOp, arith::ConstantOp>(op)) countCost(&op, perPoint);
      continue;
    }
    loop.getBody()->walk([&](Operation *inner) {
      if (!isa<scf::YieldOp, arith::ConstantOp, scf::ForOp>(inner)) countCost(inner, perTrip);
    });
    for (Value bound : {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()}) {
      std::string text = boundText(bound, k.getBodyBlock(), firstScalar);
      boundsKnown = boundsKnown && !text.empty();
      bounds.push_back(b.getStringAttr(text));
    }
  }
  f.push_back(b.getNamedAttr("cost_point", b.getDenseI64ArrayAttr(perPoint)));
  if (!bounds.empty() && boundsKnown && bounds.size() == 3) {
    f.push_back(b.getNamedAttr("cost_trip", b.getDenseI64ArrayAttr(perTrip)));
    f.push_back(b.getNamedAttr("cost_trips", b.getArrayAttr(bounds)));
  } else if (!bounds.empty()) {
    // Loops whose trips the runtime cannot count: each counted once.
    for (int c = 0; c < 3; ++c) perPoint[c] += perTrip[c];
    f.back() = b.getNamedAttr("cost_point", b.getDenseI64ArrayAttr(perPoint));
  }
  SmallVector<Attribute> covers;
  if (auto list = k->getAttrOfType<ArrayAttr>("runmat.covers")) covers.assign(list.begin(), list.end());
  else covers.push_back(b.getStringAttr(k.getLabel().value_or("")));
  f.push_back(b.getNamedAttr("covers", b.getArrayAttr(covers)));
  if (auto schedules = k.getSchedulesAttr()) f.push_back(b.getNamedAttr("schedules", schedules));
  f.push_back(b.getNamedAttr("fingerprint", b.getStringAttr(k.getFingerprint())));
  return b.getDictionaryAttr(f);
}

} // namespace runmat
