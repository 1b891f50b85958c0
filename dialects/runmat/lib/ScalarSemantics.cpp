#include "runmat/Dialect/RunMat/ScalarSemantics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;

namespace mlir::runmat {

bool isElementwiseOp(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, PowOp, MaxOp, MinOp, ModOp, RemOp, Atan2Op, HypotOp, AndOp, OrOp, CmpOp,
             NegOp, NotOp, SqrtOp, ExpOp, LogOp, AbsOp, SinOp, CosOp, TanOp, TanhOp, FloorOp, CeilOp, RoundOp, SignOp,
             Log1pOp, Expm1Op, AtanOp, AsinOp, AcosOp, SinhOp, CoshOp, ConvertOp>(op);
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

namespace {

// The library functions below are built from operations both back ends
// have (exp, log, atan, sqrt, trunc, selects), so CPU and GPU kernels
// compute them the same way.
struct ElementMath {
  OpBuilder &b;
  Location loc;
  Type t;

  Value c(double v) { return floatConst(b, loc, t, v); }
  Value add(Value x, Value y) { return b.create<arith::AddFOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<arith::SubFOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulFOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<arith::DivFOp>(loc, x, y); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) { return b.create<arith::CmpFOp>(loc, p, x, y); }
  Value eq(Value x, Value y) { return cmp(arith::CmpFPredicate::OEQ, x, y); }
  Value isNan(Value x) { return cmp(arith::CmpFPredicate::UNO, x, x); }
  Value isInf(Value x) { return eq(b.create<math::AbsFOp>(loc, x), c(INFINITY)); }
  Value any(Value p, Value q) { return b.create<arith::OrIOp>(loc, p, q); }
  Value both(Value p, Value q) { return b.create<arith::AndIOp>(loc, p, q); }
  Value pick(Value p, Value x, Value y) { return b.create<arith::SelectOp>(loc, p, x, y); }
  Value copySign(Value mag, Value sign) { return b.create<math::CopySignOp>(loc, mag, sign); }
  // The sign bit, so that -0 counts as negative (atan2 tells +0 from -0).
  Value signBit(Value x) { return cmp(arith::CmpFPredicate::OLT, copySign(c(1.0), x), c(0.0)); }

  // log(1 + x) = x * log(u) / (u - 1) with u = 1 + x rounded (Goldberg):
  // the rounding of u cancels.
  Value log1p(Value x) {
    Value u = add(c(1.0), x), d = sub(u, c(1.0));
    Value r = mul(b.create<math::LogOp>(loc, u), div(x, d));
    return pick(eq(u, c(INFINITY)), u, pick(eq(d, c(0.0)), x, r));
  }
  // exp(x) - 1 = (u - 1) * x / log(u) with u = exp(x) rounded (Kahan).
  Value expm1(Value x) {
    Value u = b.create<math::ExpOp>(loc, x), um1 = sub(u, c(1.0));
    Value r = mul(um1, div(x, b.create<math::LogOp>(loc, u)));
    r = pick(eq(um1, c(-1.0)), um1, r);
    return pick(eq(u, c(INFINITY)), u, pick(eq(u, c(1.0)), x, r));
  }
  // exp(|x|) / 2 computed without overflowing before the result does.
  Value halfExp(Value a) { return b.create<math::ExpOp>(loc, sub(a, c(M_LN2))); }
  Value sinh(Value x) {
    Value a = b.create<math::AbsFOp>(loc, x);
    Value em = expm1(x);
    Value small = mul(c(0.5), add(em, div(em, add(em, c(1.0)))));
    Value h = halfExp(a);
    Value large = copySign(sub(h, div(c(0.25), h)), x);
    return pick(cmp(arith::CmpFPredicate::OLT, a, c(1.0)), small, large);
  }
  Value cosh(Value x) {
    Value h = halfExp(b.create<math::AbsFOp>(loc, x));
    return add(h, div(c(0.25), h));
  }
  Value atan2(Value y, Value x) {
    Value q = b.create<math::AtanOp>(loc, div(y, x));
    Value neg = signBit(x);
    Value r = pick(neg, add(q, copySign(c(M_PI), y)), q);
    Value zeros = both(eq(y, c(0.0)), eq(x, c(0.0)));
    r = pick(zeros, pick(neg, copySign(c(M_PI), y), y), r);
    Value infs = both(isInf(y), isInf(x));
    return pick(infs, copySign(pick(neg, c(3 * M_PI_4), c(M_PI_4)), y), r);
  }
  // sqrt((1 - x)(1 + x)): the cosine of asin x without cancelling near 1.
  Value cofactor(Value x) { return b.create<math::SqrtOp>(loc, mul(sub(c(1.0), x), add(c(1.0), x))); }
  Value hypot(Value x, Value y) {
    Value ax = b.create<math::AbsFOp>(loc, x), ay = b.create<math::AbsFOp>(loc, y);
    Value m = b.create<arith::MaxNumFOp>(loc, ax, ay), n = b.create<arith::MinNumFOp>(loc, ax, ay);
    Value r = div(n, m);
    Value h = mul(m, b.create<math::SqrtOp>(loc, add(c(1.0), mul(r, r))));
    h = pick(eq(m, c(0.0)), c(0.0), h);
    h = pick(any(isNan(x), isNan(y)), c(NAN), h);
    return pick(any(isInf(x), isInf(y)), c(INFINITY), h);
  }
  // rem as Octave computes it: x - fix(x./y).*y, 0 where x./y is within
  // a rounding of an integer and y is not one (rem(0.3, 0.1) is 0, not
  // 0.1), the sign of x, and rem(x, Inf) = x for finite x.
  Value rem(Value x, Value y) {
    Value q = div(x, y);
    Value n = b.create<math::TruncOp>(loc, q);
    Value r = sub(x, mul(n, y));
    Value nq = b.create<math::RoundOp>(loc, q);
    Value yInteger = eq(b.create<math::RoundOp>(loc, y), y);
    Value nearInteger = cmp(arith::CmpFPredicate::OLT, b.create<math::AbsFOp>(loc, sub(q, nq)),
                            mul(c(t.isF64() ? 2.220446049250313e-16 : 1.1920929e-07), b.create<math::AbsFOp>(loc, nq)));
    r = pick(both(nearInteger, b.create<arith::XOrIOp>(loc, yInteger, b.create<arith::ConstantIntOp>(loc, 1, 1))),
             c(0.0), r);
    r = pick(isNan(r), r, copySign(r, x));
    return pick(both(isInf(y), b.create<arith::XOrIOp>(loc, isInf(x), b.create<arith::ConstantIntOp>(loc, 1, 1))), x, r);
  }
};

} // namespace

Value emitElement(OpBuilder &b, Location loc, Operation *op, ValueRange x, Type rt) {
  ElementMath m{b, loc, rt};
  if (isa<RemOp>(op)) return m.rem(x[0], x[1]);
  if (isa<Atan2Op>(op)) return m.atan2(x[0], x[1]);
  if (isa<HypotOp>(op)) return m.hypot(x[0], x[1]);
  if (isa<Log1pOp>(op)) return m.log1p(x[0]);
  if (isa<Expm1Op>(op)) return m.expm1(x[0]);
  if (isa<AtanOp>(op)) return b.create<math::AtanOp>(loc, x[0]);
  if (isa<AsinOp>(op)) return m.atan2(x[0], m.cofactor(x[0]));
  if (isa<AcosOp>(op)) return m.atan2(m.cofactor(x[0]), x[0]);
  if (isa<SinhOp>(op)) return m.sinh(x[0]);
  if (isa<CoshOp>(op)) return m.cosh(x[0]);
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
