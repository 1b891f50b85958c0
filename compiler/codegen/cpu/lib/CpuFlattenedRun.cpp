// Dimensions 0 and 1 as one contiguous run when the first is short (CpuKernelEmitter.h).
#include "CpuKernelEmitter.h"

namespace runmat::codegen::cpu {

bool KernelEmitter::flattenable() {
  if (rank_ < 2 || timeLoop_ || !groupDims_.empty() || !groupOrder_.empty()) return false;
  if (reduced_.count(0) != reduced_.count(1)) return false;
  Block &body = kernel_.getBodyBlock();
  Value i0 = body.getArgument(0), i1 = body.getArgument(1), e0 = body.getArgument(rank_);
  if (i0.use_empty() && i1.use_empty()) return true;
  if (!i0.hasOneUse() || !i1.hasOneUse()) return false;
  auto mul = dyn_cast<arith::MulIOp>(*i1.getUsers().begin());
  auto add = dyn_cast<arith::AddIOp>(*i0.getUsers().begin());
  if (!mul || !add || !mul->hasOneUse()) return false;
  auto pairIs = [](Operation *op, Value a, Value b) {
    return (op->getOperand(0) == a && op->getOperand(1) == b) || (op->getOperand(0) == b && op->getOperand(1) == a);
  };
  return pairIs(mul, i1, e0) && pairIs(add, i0, mul.getResult());
}

Value KernelEmitter::contiguousAcross(int t) {
  return isEq(stride_[t][1], b_.create<arith::MulIOp>(loc_, extent64_[0], stride_[t][0]));
}

Value KernelEmitter::canFlatten(ArrayRef<Value> los, ArrayRef<Value> his) {
  Value ok = both(isEq(los[0], cIndex(0)), isEq(his[0], extent_[0]));
  ok = both(ok, b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ne, extent64_[0], c64(0)));
  for (int t = 0; t < nIn_; ++t) ok = both(ok, either(contiguousAcross(t), isEq(stride_[t][1], c64(0))));
  if (!kernel_.isReduction())
    for (int t = nIn_; t < nIn_ + nOut_; ++t) ok = both(ok, contiguousAcross(t));
  return ok;
}

void KernelEmitter::emitFlattened(int p, ArrayRef<Value> los, ArrayRef<Value> his, ArrayRef<Value> accStride,
                   SmallVector<Value> &ivs, SmallVector<Value> partial, Value accIndex, Value acc) {
  if (p >= 2) {
    auto loop = b_.create<scf::ForOp>(loc_, los[p], his[p], cIndex(1));
    OpBuilder::InsertionGuard g(b_);
    b_.setInsertionPointToStart(loop.getBody());
    Value iv64 = toI64(loop.getInductionVar());
    for (int t = 0; t < nIn_ + nOut_; ++t)
      partial[t] = b_.create<arith::AddIOp>(loc_, partial[t], b_.create<arith::MulIOp>(loc_, iv64, stride_[t][p]));
    if (accStride[p])
      accIndex = b_.create<arith::AddIOp>(loc_, accIndex, b_.create<arith::MulIOp>(loc_, iv64, accStride[p]));
    ivs[p] = loop.getInductionVar();
    emitFlattened(p - 1, los, his, accStride, ivs, partial, accIndex, acc);
    return;
  }
  Value e0 = extent64_[0];
  // chunk = e0 * (kRun / e0) points: whole periods of every tiled input.
  Value chunk = b_.create<arith::MulIOp>(loc_, e0, b_.create<arith::DivUIOp>(loc_, c64(kRun), e0));
  // Tiles of the inputs constant along dimension 1: point q of a chunk
  // holds the input at i0 = q mod e0.
  SmallVector<Value> tiled(nIn_), tile(nIn_);
  for (int t = 0; t < nIn_; ++t) {
    tiled[t] = b_.create<arith::XOrIOp>(loc_, contiguousAcross(t), b_.create<arith::ConstantIntOp>(loc_, 1, 1));
    Type m = memType(tensorElement(t));
    {
      // In the entry block: an alloca in a loop would grow the stack.
      OpBuilder::InsertionGuard g(b_);
      b_.setInsertionPointToStart(entry_);
      tile[t] = b_.create<LLVM::AllocaOp>(loc_, ptr_, m, b_.create<arith::ConstantIntOp>(loc_, kRun, 64));
    }
    auto fill = b_.create<scf::ForOp>(loc_, cIndex(0), toIndex(chunk), cIndex(1));
    OpBuilder::InsertionGuard g(b_);
    b_.setInsertionPointToStart(fill.getBody());
    Value q = toI64(fill.getInductionVar());
    Value at = b_.create<arith::AddIOp>(
        loc_, partial[t], b_.create<arith::MulIOp>(loc_, b_.create<arith::RemUIOp>(loc_, q, e0), stride_[t][0]));
    b_.create<LLVM::StoreOp>(loc_, load(m, gep(base_[t], m, at)), gep(tile[t], m, q));
  }
  Value first = b_.create<arith::MulIOp>(loc_, toI64(los[1]), e0);
  Value last = b_.create<arith::MulIOp>(loc_, toI64(his[1]), e0);
  auto chunks = b_.create<scf::ForOp>(loc_, toIndex(first), toIndex(last), toIndex(chunk));
  OpBuilder::InsertionGuard g(b_);
  b_.setInsertionPointToStart(chunks.getBody());
  Value jb = toI64(chunks.getInductionVar());
  // Per tensor a pointer and a stride that are invariant over the chunk:
  // a tile with stride 1, or the run itself from point jb.
  SmallVector<Value> savedBase(base_), step(nIn_ + nOut_);
  for (int t = 0; t < nIn_ + nOut_; ++t) {
    Type m = memType(tensorElement(t));
    Value start = b_.create<arith::AddIOp>(loc_, partial[t], b_.create<arith::MulIOp>(loc_, jb, stride_[t][0]));
    Value run = gep(base_[t], m, start);
    base_[t] = t < nIn_ ? b_.create<arith::SelectOp>(loc_, tiled[t], tile[t], run).getResult() : run;
    step[t] = t < nIn_ ? b_.create<arith::SelectOp>(loc_, tiled[t], c64(1), stride_[t][0]).getResult() : stride_[t][0];
  }
  Value n = b_.create<arith::MinUIOp>(loc_, chunk, b_.create<arith::SubIOp>(loc_, last, jb));
  auto points = b_.create<scf::ForOp>(loc_, cIndex(0), toIndex(n), cIndex(1));
  b_.setInsertionPointToStart(points.getBody());
  Value q = toI64(points.getInductionVar());
  Value j = b_.create<arith::AddIOp>(loc_, jb, q);
  SmallVector<Value> at(nIn_ + nOut_);
  for (int t = 0; t < nIn_ + nOut_; ++t) at[t] = b_.create<arith::MulIOp>(loc_, q, step[t]);
  ivs[0] = toIndex(j);
  ivs[1] = cIndex(0);
  Value pointAcc = accIndex;
  if (accStride[0]) pointAcc = b_.create<arith::AddIOp>(loc_, accIndex, b_.create<arith::MulIOp>(loc_, j, accStride[0]));
  innermost(ivs, at, pointAcc, acc);
  base_ = savedBase;
}

} // namespace runmat::codegen::cpu
