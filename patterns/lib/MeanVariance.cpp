// Mean and variance in one pass: a sum of x over some dimensions (mu, after
// its epilogue, a mean) and a sum of (x - mu)^2 over the same dimensions
// become one reduction accumulating the sums of x and of x^2. The second
// reduction's sum is then S2 - 2 mu S1 + mu^2 n, exactly in real arithmetic
// for any mu; its rounding error is a few units of the sums' relative
// error times (E[x^2] / variance), which the planner accepts to read x once
// instead of twice (image normalisation's statistics).
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "mean-variance";

bool isSumOfOne(rm::KernelOp k) {
  return k.isReduction() && k.getNumResults() == 1 &&
         (rm::ReduceKind)cast<IntegerAttr>(k.getCombiners()[0]).getInt() == rm::ReduceKind::Sum &&
         k.getEpilogue().front().getNumArguments() == 1 + (unsigned)k.getRank();
}

bool isConstant(Value v, double value) {
  auto c = v.getDefiningOp<arith::ConstantFloatOp>();
  return c && c.value().convertToDouble() == value;
}

// The operands (a, b) of the squared difference (a - b)^2 that `k`'s body
// yields; nulls when it yields something else.
std::pair<Value, Value> squaredDifference(rm::KernelOp k) {
  Block &body = k.getBodyBlock();
  Value y = body.getTerminator()->getOperand(0);
  Value d;
  if (auto pow = y.getDefiningOp<math::PowFOp>()) {
    auto exponent = dyn_cast<BlockArgument>(pow.getRhs());
    unsigned firstScalar = 2 * k.getRank() + k.getInputs().size();
    if (exponent && exponent.getOwner() == &body && exponent.getArgNumber() >= firstScalar &&
        isConstant(k.getScalars()[exponent.getArgNumber() - firstScalar], 2.0))
      d = pow.getLhs();
  } else if (auto mul = y.getDefiningOp<arith::MulFOp>(); mul && mul.getLhs() == mul.getRhs()) {
    d = mul.getLhs();
  }
  auto sub = d ? d.getDefiningOp<arith::SubFOp>() : arith::SubFOp();
  if (!sub) return {};
  return {sub.getLhs(), sub.getRhs()};
}

// Whether `a` in kernel `ka`'s body and `b` in `kb`'s (same space) are the
// same computation: the same ops on the same indices, the same tensors read
// through the same maps, the same scalar values.
bool sameComputation(rm::KernelOp ka, Value a, rm::KernelOp kb, Value b) {
  auto argA = dyn_cast<BlockArgument>(a), argB = dyn_cast<BlockArgument>(b);
  if (argA || argB) {
    if (!argA || !argB || argA.getOwner() != &ka.getBodyBlock() || argB.getOwner() != &kb.getBodyBlock()) return false;
    const unsigned r2 = 2 * ka.getRank(), na = ka.getInputs().size(), nb = kb.getInputs().size();
    unsigned pa = argA.getArgNumber(), pb = argB.getArgNumber();
    if (pa < r2 || pb < r2) return pa == pb;
    pa -= r2;
    pb -= r2;
    if (pa < na && pb < nb) return ka.getInputs()[pa] == kb.getInputs()[pb] && ka.getInputMap(pa) == kb.getInputMap(pb);
    if (pa >= na && pb >= nb) return ka.getScalars()[pa - na] == kb.getScalars()[pb - nb];
    return false;
  }
  Operation *oa = a.getDefiningOp(), *ob = b.getDefiningOp();
  if (oa->getName() != ob->getName() || oa->getAttrDictionary() != ob->getAttrDictionary() ||
      oa->getNumOperands() != ob->getNumOperands() || oa->getNumRegions() || ob->getNumRegions() ||
      cast<OpResult>(a).getResultNumber() != cast<OpResult>(b).getResultNumber())
    return false;
  for (auto [x, y] : llvm::zip(oa->getOperands(), ob->getOperands()))
    if (!sameComputation(ka, x, kb, y)) return false;
  return true;
}

// Why `var` (a sum of squared differences from `mean`'s result) cannot share
// `mean`'s pass.
std::string refusal(rm::KernelOp mean, rm::KernelOp var) {
  if (!isSumOfOne(mean) || !isSumOfOne(var)) return "only single sums pair up";
  if (mean->getBlock() != var->getBlock()) return "they are in different blocks";
  if (mean.getSpace() != var.getSpace() || mean.getReduceDims() != var.getReduceDims())
    return "they reduce different spaces or dimensions";
  auto [a, b] = squaredDifference(var);
  if (!a) return "the second sum is not of a squared difference";
  // Which operand is the mean: an input element that is mean's result.
  auto isMean = [&](Value v) {
    auto arg = dyn_cast<BlockArgument>(v);
    unsigned first = 2 * var.getRank();
    return arg && arg.getOwner() == &var.getBodyBlock() && arg.getArgNumber() >= first &&
           arg.getArgNumber() - first < var.getInputs().size() &&
           var.getInputs()[arg.getArgNumber() - first].getDefiningOp() == mean.getOperation();
  };
  if (isMean(a)) std::swap(a, b); // (mean - x)^2 is the same
  if (!isMean(b)) return "what is subtracted is not the first sum's result";
  unsigned tb = cast<BlockArgument>(b).getArgNumber() - 2 * var.getRank();
  SmallVector<int64_t> m = var.getInputMap(tb);
  for (int64_t d = 0; d < (int64_t)m.size(); ++d)
    if (m[d] != d && m[d] != -1) return "the mean is read at other points";
  if (!sameComputation(mean, mean.getBodyBlock().getTerminator()->getOperand(0), var, a))
    return "the second sum's x is not what the first sum adds up";
  for (Operation *user : mean->getUsers()) {
    Operation *at = mean->getBlock()->findAncestorOpInBlock(*user);
    if (at != var.getOperation() && (!at || at->isBeforeInBlock(var)))
      return "the mean is read before the second sum, where the pair would be computed";
  }
  return "";
}

rm::KernelOp fuse(rm::KernelOp mean, rm::KernelOp var) {
  MLIRContext *ctx = mean.getContext();
  Location loc = var.getLoc();
  const int64_t rank = mean.getRank();
  OpBuilder b(var);
  Type e = mean.getBodyBlock().getTerminator()->getOperand(0).getType();
  SmallVector<Type> results{mean.getResult(0).getType(), var.getResult(0).getType()};
  auto fused = b.create<rm::KernelOp>(loc, results, mean.getSpace(), mean.getInputs(), mean.getScalars(),
                                      mean.getInputMaps(), mean.getReduceDimsAttr(),
                                      b.getArrayAttr({mean.getCombiners()[0], var.getCombiners()[0]}),
                                      var.getLabelAttr());
  setCovers(fused, coversOf({var, mean}));
  // The body: the mean's, yielding its value v and v*v.
  fused.getBody().takeBody(mean.getBody());
  Block *body = &fused.getBodyBlock();
  Operation *yield = body->getTerminator();
  Value v = yield->getOperand(0);
  b.setInsertionPoint(yield);
  b.create<rm::YieldOp>(loc, ValueRange{v, b.create<arith::MulFOp>(loc, v, v)});
  yield->erase();

  SmallVector<Type> epiTypes{e, e};
  epiTypes.append(rank, IndexType::get(ctx));
  Block *epi = b.createBlock(&fused.getEpilogue(), {}, epiTypes, SmallVector<Location>(epiTypes.size(), loc));
  b.setInsertionPointToStart(epi);
  Value s1 = epi->getArgument(0), s2 = epi->getArgument(1);
  Block &me = mean.getEpilogue().front(), &ve = var.getEpilogue().front();
  IRMapping mmap;
  mmap.map(me.getArgument(0), s1);
  for (int64_t d = 0; d < rank; ++d) mmap.map(me.getArgument(1 + d), epi->getArgument(2 + d));
  for (Operation &op : me.without_terminator()) b.clone(op, mmap);
  Value mu = mmap.lookupOrDefault(me.getTerminator()->getOperand(0));
  // n: the points each sum has.
  Value n = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d : mean.getReduceDims()) n = b.create<arith::MulIOp>(loc, n, epi->getArgument(2 + d));
  Value nf = b.create<arith::UIToFPOp>(loc, e, b.create<arith::IndexCastOp>(loc, b.getI64Type(), n));
  Value two = b.create<arith::ConstantOp>(loc, b.getFloatAttr(e, 2.0));
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(e, 0.0));
  Value cross = b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, two, mu), s1);
  Value square = b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, mu, mu), nf);
  Value centered = b.create<arith::AddFOp>(loc, b.create<arith::SubFOp>(loc, s2, cross), square);
  centered = b.create<arith::MaxNumFOp>(loc, centered, zero); // rounding must not make it negative
  IRMapping vmap;
  vmap.map(ve.getArgument(0), centered);
  for (int64_t d = 0; d < rank; ++d) vmap.map(ve.getArgument(1 + d), epi->getArgument(2 + d));
  for (Operation &op : ve.without_terminator()) b.clone(op, vmap);
  b.create<rm::YieldOp>(loc, ValueRange{mu, vmap.lookupOrDefault(ve.getTerminator()->getOperand(0))});
  mean.getResult(0).replaceAllUsesWith(fused.getResult(0));
  var.getResult(0).replaceAllUsesWith(fused.getResult(1));
  var.erase();
  mean.erase();
  return fused;
}

} // namespace

bool fuseMeanVariance(func::FuncOp fn, FusionLog &log) {
  return repeatUntilStable([&] {
    for (rm::KernelOp var : kernelsOf(fn)) {
      if (!var.isReduction()) continue;
      for (Value in : var.getInputs()) {
        auto mean = in.getDefiningOp<rm::KernelOp>();
        if (!mean || !mean.isReduction()) continue;
        std::string why = refusal(mean, var);
        if (!why.empty()) {
          log.reject(kPattern, coversOf(mean).front() + " with " + coversOf(var).front(), why);
          continue;
        }
        logFired(log, kPattern, fuse(mean, var));
        return true;
      }
    }
    return false;
  });
}

} // namespace runmat::patterns
