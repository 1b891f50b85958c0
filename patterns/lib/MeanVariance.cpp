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

// The squared difference `body` yields, as (minuend, subtrahend) block
// arguments; null when the body is not (a - b)^2.
std::pair<BlockArgument, BlockArgument> squaredDifference(rm::KernelOp k) {
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
  return {dyn_cast<BlockArgument>(sub.getLhs()), dyn_cast<BlockArgument>(sub.getRhs())};
}

// Why `var` (a sum of squared differences from `mean`'s result) cannot share
// `mean`'s pass.
std::string refusal(rm::KernelOp mean, rm::KernelOp var, unsigned &xInput) {
  if (!isSumOfOne(mean) || !isSumOfOne(var)) return "only single sums pair up";
  if (mean->getBlock() != var->getBlock()) return "they are in different blocks";
  if (mean.getInputs().size() != 1 || var.getInputs().size() != 2) return "the sums read other tensors";
  Block &mb = mean.getBodyBlock();
  if (mb.getTerminator()->getOperand(0) != mb.getArgument(2 * mean.getRank())) return "the first sum transforms x";
  if (mean.getSpace() != var.getSpace() || mean.getReduceDims() != var.getReduceDims())
    return "they reduce different spaces or dimensions";
  auto [a, b] = squaredDifference(var);
  const unsigned first = 2 * var.getRank();
  if (!a || !b || a.getArgNumber() < first || b.getArgNumber() < first) return "the second sum is not of (x - mean)^2";
  unsigned ta = a.getArgNumber() - first, tb = b.getArgNumber() - first;
  if (ta > 1 || tb > 1 || ta == tb) return "the second sum is not of (x - mean)^2";
  if (var.getInputs()[tb].getDefiningOp() != mean.getOperation()) return "what is subtracted is not the first sum's result";
  if (var.getInputs()[ta] != mean.getInputs()[0] || var.getInputMap(ta) != mean.getInputMap(0))
    return "the sums read different tensors";
  SmallVector<int64_t> m = var.getInputMap(tb);
  for (int64_t d = 0; d < (int64_t)m.size(); ++d)
    if (m[d] != d && m[d] != -1) return "the mean is read at other points";
  for (unsigned p = 0; p < 2 * var.getRank(); ++p)
    if (!var.getBodyBlock().getArgument(p).use_empty()) return "the second sum uses its indices";
  for (Operation *user : mean->getUsers()) {
    Operation *at = mean->getBlock()->findAncestorOpInBlock(*user);
    if (at != var.getOperation() && (!at || at->isBeforeInBlock(var)))
      return "the mean is read before the second sum, where the pair would be computed";
  }
  xInput = ta;
  return "";
}

rm::KernelOp fuse(rm::KernelOp mean, rm::KernelOp var) {
  MLIRContext *ctx = mean.getContext();
  Location loc = var.getLoc();
  const int64_t rank = mean.getRank();
  OpBuilder b(var);
  Type e = mean.getBodyBlock().getTerminator()->getOperand(0).getType();
  SmallVector<Type> results{mean.getResult(0).getType(), var.getResult(0).getType()};
  auto fused = b.create<rm::KernelOp>(loc, results, mean.getSpace(), mean.getInputs(), ValueRange{},
                                      mean.getInputMaps(), mean.getReduceDimsAttr(),
                                      b.getArrayAttr({mean.getCombiners()[0], var.getCombiners()[0]}),
                                      var.getLabelAttr());
  SmallVector<std::string> covers = coversOf(var);
  for (const std::string &c : coversOf(mean))
    if (!llvm::is_contained(covers, c)) covers.push_back(c);
  setCovers(fused, covers);
  SmallVector<Type> argTypes(2 * rank, IndexType::get(ctx));
  argTypes.push_back(e);
  Block *body = b.createBlock(&fused.getBody(), {}, argTypes, SmallVector<Location>(argTypes.size(), loc));
  b.setInsertionPointToStart(body);
  Value x = body->getArgument(2 * rank);
  b.create<rm::YieldOp>(loc, ValueRange{x, b.create<arith::MulFOp>(loc, x, x)});

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
  bool changed = false;
  for (bool again = true; again;) {
    again = false;
    SmallVector<rm::KernelOp> kernels = kernelsOf(fn);
    for (rm::KernelOp var : kernels) {
      if (!var.isReduction()) continue;
      for (Value in : var.getInputs()) {
        auto mean = in.getDefiningOp<rm::KernelOp>();
        if (!mean || !mean.isReduction()) continue;
        unsigned xInput = 0;
        std::string why = refusal(mean, var, xInput);
        std::string candidate = coversOf(mean).front() + " with " + coversOf(var).front();
        if (!why.empty()) {
          log.reject(kPattern, candidate, why);
          continue;
        }
        SmallVector<std::string> covers = coversOf(fuse(mean, var));
        log.fire(kPattern, std::vector<std::string>(covers.begin(), covers.end()));
        changed = again = true;
        break;
      }
      if (again) break;
    }
  }
  return changed;
}

} // namespace runmat::patterns
