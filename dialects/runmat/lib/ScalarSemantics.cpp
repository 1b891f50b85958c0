#include "runmat/Dialect/RunMat/ScalarSemantics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

namespace mlir::runmat {

bool isElementwiseOp(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, PowOp, MaxOp, MinOp, ModOp, AndOp, OrOp, CmpOp, NegOp, NotOp, SqrtOp, ExpOp,
             LogOp, AbsOp, SinOp, CosOp, TanOp, TanhOp, FloorOp, CeilOp, RoundOp, SignOp, ConvertOp>(op);
}

static Value floatConst(OpBuilder &b, Location loc, Type t, double v) {
  return b.create<arith::ConstantOp>(loc, b.getFloatAttr(t, v));
}

Value emitConvert(OpBuilder &b, Location loc, Value v, Type to) {
  Type from = v.getType();
  if (from == to) return v;
  if (to.isInteger(1)) {
    if (from.isInteger(1)) return v;
    return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, v, floatConst(b, loc, from, 0.0));
  }
  if (from.isInteger(1)) return b.create<arith::UIToFPOp>(loc, to, v);
  if (from.getIntOrFloatBitWidth() > to.getIntOrFloatBitWidth()) return b.create<arith::TruncFOp>(loc, to, v);
  return b.create<arith::ExtFOp>(loc, to, v);
}

Value emitElement(OpBuilder &b, Location loc, Operation *op, ValueRange x, Type rt) {
  if (isa<ConvertOp>(op)) return emitConvert(b, loc, x[0], rt);
  if (isa<AddOp>(op)) return b.create<arith::AddFOp>(loc, x[0], x[1]);
  if (isa<SubOp>(op)) return b.create<arith::SubFOp>(loc, x[0], x[1]);
  if (isa<MulOp>(op)) return b.create<arith::MulFOp>(loc, x[0], x[1]);
  if (isa<DivOp>(op)) return b.create<arith::DivFOp>(loc, x[0], x[1]);
  if (isa<PowOp>(op)) return b.create<math::PowFOp>(loc, x[0], x[1]);
  // max and min ignore NaN, as IEEE maxNum/minNum do.
  if (isa<MaxOp>(op)) return b.create<arith::MaxNumFOp>(loc, x[0], x[1]);
  if (isa<MinOp>(op)) return b.create<arith::MinNumFOp>(loc, x[0], x[1]);
  if (isa<ModOp>(op)) {
    // mod(x, y) = x - floor(x./y).*y, and mod(x, 0) = x.
    Value q = b.create<math::FloorOp>(loc, b.create<arith::DivFOp>(loc, x[0], x[1]));
    Value r = b.create<arith::SubFOp>(loc, x[0], b.create<arith::MulFOp>(loc, q, x[1]));
    Value zero = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, x[1], floatConst(b, loc, rt, 0.0));
    return b.create<arith::SelectOp>(loc, zero, x[0], r);
  }
  if (isa<AndOp>(op)) return b.create<arith::AndIOp>(loc, x[0], x[1]);
  if (isa<OrOp>(op)) return b.create<arith::OrIOp>(loc, x[0], x[1]);
  if (isa<NotOp>(op)) return b.create<arith::XOrIOp>(loc, x[0], b.create<arith::ConstantIntOp>(loc, 1, 1));
  if (auto cmp = dyn_cast<CmpOp>(op)) {
    if (x[0].getType().isInteger(1)) {
      // false < true
      static const arith::CmpIPredicate ip[] = {arith::CmpIPredicate::eq,  arith::CmpIPredicate::ne,
                                                arith::CmpIPredicate::ult, arith::CmpIPredicate::ule,
                                                arith::CmpIPredicate::ugt, arith::CmpIPredicate::uge};
      return b.create<arith::CmpIOp>(loc, ip[(int)cmp.getPredicate()], x[0], x[1]);
    }
    // NaN compares unequal to everything, itself included.
    static const arith::CmpFPredicate fp[] = {arith::CmpFPredicate::OEQ, arith::CmpFPredicate::UNE,
                                              arith::CmpFPredicate::OLT, arith::CmpFPredicate::OLE,
                                              arith::CmpFPredicate::OGT, arith::CmpFPredicate::OGE};
    return b.create<arith::CmpFOp>(loc, fp[(int)cmp.getPredicate()], x[0], x[1]);
  }
  if (isa<NegOp>(op)) return b.create<arith::NegFOp>(loc, x[0]);
  if (isa<SqrtOp>(op)) return b.create<math::SqrtOp>(loc, x[0]);
  if (isa<ExpOp>(op)) return b.create<math::ExpOp>(loc, x[0]);
  if (isa<LogOp>(op)) return b.create<math::LogOp>(loc, x[0]);
  if (isa<AbsOp>(op)) return b.create<math::AbsFOp>(loc, x[0]);
  if (isa<SinOp>(op)) return b.create<math::SinOp>(loc, x[0]);
  if (isa<CosOp>(op)) return b.create<math::CosOp>(loc, x[0]);
  if (isa<TanOp>(op)) return b.create<math::TanOp>(loc, x[0]);
  if (isa<TanhOp>(op)) return b.create<math::TanhOp>(loc, x[0]);
  if (isa<FloorOp>(op)) return b.create<math::FloorOp>(loc, x[0]);
  if (isa<CeilOp>(op)) return b.create<math::CeilOp>(loc, x[0]);
  if (isa<RoundOp>(op)) return b.create<math::RoundOp>(loc, x[0]); // half away from zero
  if (isa<SignOp>(op)) {
    Value zero = floatConst(b, loc, rt, 0.0);
    Value pos = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x[0], zero);
    Value neg = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x[0], zero);
    Value m = b.create<arith::SelectOp>(loc, neg, floatConst(b, loc, rt, -1.0), x[0]); // 0 and NaN stay
    return b.create<arith::SelectOp>(loc, pos, floatConst(b, loc, rt, 1.0), m);
  }
  op->emitError("no element semantics for this op");
  return {};
}

Value emitCombine(OpBuilder &b, Location loc, ReduceKind kind, Value acc, Value x, bool reassociate) {
  auto fm = arith::FastMathFlagsAttr::get(b.getContext(), reassociate ? arith::FastMathFlags::reassoc
                                                                       : arith::FastMathFlags::none);
  switch (kind) {
  case ReduceKind::Sum:
  case ReduceKind::Mean: return b.create<arith::AddFOp>(loc, acc, x, fm);
  case ReduceKind::Prod: return b.create<arith::MulFOp>(loc, acc, x, fm);
  case ReduceKind::Max: return b.create<arith::MaxNumFOp>(loc, acc, x);
  case ReduceKind::Min: return b.create<arith::MinNumFOp>(loc, acc, x);
  }
  return acc;
}

Value emitIdentity(OpBuilder &b, Location loc, ReduceKind kind, Type t) {
  switch (kind) {
  case ReduceKind::Sum:
  case ReduceKind::Mean: return floatConst(b, loc, t, 0.0);
  case ReduceKind::Prod: return floatConst(b, loc, t, 1.0);
  default: return floatConst(b, loc, t, std::nan(""));
  }
}

// ---- Philox4x32-10 --------------------------------------------------------------

namespace {

struct Philox {
  OpBuilder &b;
  Location loc;
  Value c32(uint32_t v) { return b.create<arith::ConstantIntOp>(loc, (int64_t)v, 32); }
  Value c64(uint64_t v) { return b.create<arith::ConstantIntOp>(loc, (int64_t)v, 64); }
  Value lo(Value v64) { return b.create<arith::TruncIOp>(loc, b.getI32Type(), v64); }
  Value hi(Value v64) { return lo(b.create<arith::ShRUIOp>(loc, v64, c64(32))); }
  Value wide(Value v32) { return b.create<arith::ExtUIOp>(loc, b.getI64Type(), v32); }

  std::array<Value, 4> run(Value seed, Value index, Value stream) {
    Value c0 = lo(index), c1 = hi(index), c2 = lo(stream), c3 = hi(stream);
    Value k0 = lo(seed), k1 = hi(seed);
    for (int round = 0; round < 10; ++round) {
      Value p0 = b.create<arith::MulIOp>(loc, c64(0xD2511F53u), wide(c0));
      Value p1 = b.create<arith::MulIOp>(loc, c64(0xCD9E8D57u), wide(c2));
      Value n0 = b.create<arith::XOrIOp>(loc, b.create<arith::XOrIOp>(loc, hi(p1), c1), k0);
      Value n2 = b.create<arith::XOrIOp>(loc, b.create<arith::XOrIOp>(loc, hi(p0), c3), k1);
      c0 = n0;
      c1 = lo(p1);
      c2 = n2;
      c3 = lo(p0);
      k0 = b.create<arith::AddIOp>(loc, k0, c32(0x9E3779B9u));
      k1 = b.create<arith::AddIOp>(loc, k1, c32(0xBB67AE85u));
    }
    return {c0, c1, c2, c3};
  }

  // (2 * (w >> 9) + 1) * 2^-24, exact in single precision.
  Value uniformSingle(Value w) {
    Value y = b.create<arith::ShRUIOp>(loc, w, c32(9));
    Value odd = b.create<arith::OrIOp>(loc, b.create<arith::ShLIOp>(loc, y, c32(1)), c32(1));
    Value f = b.create<arith::UIToFPOp>(loc, b.getF32Type(), odd);
    return b.create<arith::MulFOp>(loc, f, b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0x1p-24f)));
  }
  // (2 * ((hi:lo) >> 12) + 1) * 2^-53, exact in double precision.
  Value uniformDouble(Value h, Value l) {
    Value w = b.create<arith::OrIOp>(loc, b.create<arith::ShLIOp>(loc, wide(h), c64(32)), wide(l));
    Value y = b.create<arith::ShRUIOp>(loc, w, c64(12));
    Value odd = b.create<arith::OrIOp>(loc, b.create<arith::ShLIOp>(loc, y, c64(1)), c64(1));
    Value f = b.create<arith::UIToFPOp>(loc, b.getF64Type(), odd);
    return b.create<arith::MulFOp>(loc, f, b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0x1p-53)));
  }
};

} // namespace

Value emitRandomElement(OpBuilder &b, Location loc, Distribution dist, Value seed, Value stream, Value index,
                        Type resultType) {
  Philox ph{b, loc};
  bool single = resultType.isF32();
  // Element i is slot i % G of block i / G (G = 4 single, 2 double).
  uint64_t perBlock = single ? 4 : 2;
  Value block = b.create<arith::ShRUIOp>(loc, index, ph.c64(single ? 2 : 1));
  Value slot = ph.lo(b.create<arith::AndIOp>(loc, index, ph.c64(perBlock - 1)));
  auto w = ph.run(seed, block, stream);
  auto is = [&](Value v, uint32_t k) { return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, v, ph.c32(k)); };
  auto pick = [&](Value cond, Value a, Value c) { return b.create<arith::SelectOp>(loc, cond, a, c).getResult(); };
  if (dist == Distribution::Uniform) {
    if (single) return ph.uniformSingle(pick(is(slot, 0), w[0], pick(is(slot, 1), w[1], pick(is(slot, 2), w[2], w[3]))));
    Value second = is(slot, 1);
    return ph.uniformDouble(pick(second, w[2], w[0]), pick(second, w[3], w[1]));
  }
  Value odd = b.create<arith::AndIOp>(loc, slot, ph.c32(1));
  Value u1, u2;
  if (single) {
    Value pair = b.create<arith::ShRUIOp>(loc, slot, ph.c32(1));
    Value second = is(pair, 1);
    u1 = ph.uniformSingle(pick(second, w[2], w[0]));
    u2 = ph.uniformSingle(pick(second, w[3], w[1]));
  } else {
    u1 = ph.uniformDouble(w[0], w[1]);
    u2 = ph.uniformDouble(w[2], w[3]);
  }
  Type t = u1.getType();
  // Box-Muller: sqrt(-2 log u1) cos(2 pi u2); odd slots take u2 - 1/4 (exact),
  // i.e. the sine, without a second function.
  u2 = pick(is(odd, 1), b.create<arith::SubFOp>(loc, u2, floatConst(b, loc, t, 0.25)), u2);
  Value r = b.create<math::SqrtOp>(
      loc, b.create<arith::MulFOp>(loc, floatConst(b, loc, t, -2.0), b.create<math::LogOp>(loc, u1)));
  Value angle = b.create<arith::MulFOp>(loc, floatConst(b, loc, t, 6.283185307179586476925), u2);
  return b.create<arith::MulFOp>(loc, r, b.create<math::CosOp>(loc, angle));
}

} // namespace mlir::runmat
