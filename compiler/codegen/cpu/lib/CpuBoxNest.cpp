// The box function's loop nest (map and reduction kernels; CpuKernelEmitter.h).
#include "CpuKernelEmitter.h"

#include "runmat/Dialect/RunMat/ScalarSemantics.h"
#include "runmat/codegen/cpu/CpuSymbols.h"
#include <functional>

namespace runmat::codegen::cpu {

LogicalResult KernelEmitter::emitBox() {
  func::FuncOp fn = createFunction(kernelBoxSymbol(id_), {ptr_, ptr_, ptr_, ptr_});
  fn.setArgAttr(3, "llvm.noalias", b_.getUnitAttr());
  Block *entry = fn.addEntryBlock();
  entry_ = entry;
  OpBuilder::InsertionGuard guard(b_);
  b_.setInsertionPointToStart(entry);
  if (failed(loadArgs(entry->getArgument(0)))) return failure();
  Value lo = entry->getArgument(1), hi = entry->getArgument(2), acc = entry->getArgument(3);
  SmallVector<Value> los, his;
  for (int p = 0; p < rank_; ++p) {
    los.push_back(toIndex(load(i64_, gep(lo, i64_, p))));
    his.push_back(toIndex(load(i64_, gep(hi, i64_, p))));
  }
  // Accumulator strides over the non-reduced dimensions.
  SmallVector<Value> accStride(rank_);
  Value s = c64(1);
  for (int p = 0; p < rank_; ++p)
    if (!reduced_.count(p)) {
      accStride[p] = s;
      s = b_.create<arith::MulIOp>(loc_, s, extent64_[p]);
    }
  accStride0_ = rank_ > 0 ? accStride[0] : Value();
  int nt = nIn_ + nOut_;
  SmallVector<Value> partial(offset_.begin(), offset_.end());
  SmallVector<Value> ivs(rank_);
  Value accIndex = c64(0);
  Value one = cIndex(1);
  timeLoop_ = kernel_.getTimeLoop(); // run interchanged with the box of points
  if (timeLoop_ && groupDims_.empty())
    for (Value init : timeLoop_.getInitArgs())
      state_.push_back(b_.create<LLVM::AllocaOp>(loc_, ptr_, init.getType(), c64(kChunk)));
  if (!groupDims_.empty()) {
    if (timeLoop_) {
      if (failed(planGroupPhases())) return failure();
    } else {
      // No time loop: each group reduction is a pass over the column that
      // recomputes what it needs (see groupRecompute).
      kernel_.getBodyBlock().walk([&](rm::GroupReduceOp g) { groupOrder_.push_back(g); });
      if (groupDims_ != SmallVector<int64_t>{0})
        return kernel_.emitOpError("group reductions on the CPU group over dimension 0 only");
      groupAccs_ = b_.create<LLVM::AllocaOp>(loc_, ptr_, b_.getF64Type(), c64(std::max<size_t>(1, groupOrder_.size())));
    }
  }
  // Loops in `order` (outermost first); the last is innermost.
  SmallVector<int> order;
  for (int p = rank_ - 1; p >= 0; --p) order.push_back(p);
  std::function<void(size_t)> nest = [&](size_t level) {
    int p = level < order.size() ? order[level] : -1;
    if (p == 0 && level + 1 == order.size() && timeLoop_ && !phases_.empty()) {
      groupTimeLoop(los[0], his[0], ivs, partial, acc);
      return;
    }
    if (p == 0 && level + 1 == order.size() && timeLoop_) {
      chunkedTimeLoop(los[0], his[0], ivs, partial, accIndex, acc);
      return;
    }
    if (p == 0 && level + 1 == order.size() && !groupOrder_.empty()) {
      groupRecompute(los[0], his[0], ivs, partial);
      return;
    }
    if (p < 0) {
      innermost(ivs, partial, accIndex, acc);
      return;
    }
    auto loop = b_.create<scf::ForOp>(loc_, los[p], his[p], one);
    OpBuilder::InsertionGuard g(b_);
    b_.setInsertionPointToStart(loop.getBody());
    Value iv = loop.getInductionVar();
    Value iv64 = toI64(iv);
    SmallVector<Value> saved = partial;
    Value savedAcc = accIndex;
    for (int t = 0; t < nt; ++t)
      partial[t] = b_.create<arith::AddIOp>(loc_, partial[t], b_.create<arith::MulIOp>(loc_, iv64, stride_[t][p]));
    if (accStride[p]) accIndex = b_.create<arith::AddIOp>(loc_, accIndex, b_.create<arith::MulIOp>(loc_, iv64, accStride[p]));
    ivs[p] = iv;
    nest(level + 1);
    partial = saved;
    accIndex = savedAcc;
  };
  if (rank_ >= 2 && !timeLoop_ && groupOrder_.empty()) {
    // A first dimension of a few points (image_normalize's batch of 2)
    // leaves nothing to vectorize innermost: then dimension 1 runs
    // innermost instead (strided, but long), chosen at run time.
    Value rows = b_.create<arith::SubIOp>(loc_, his[0], los[0]);
    Value few = b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ult, rows, cIndex(kFewRows));
    auto branch = b_.create<scf::IfOp>(loc_, few, /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard g(b_);
      b_.setInsertionPointToStart(&branch.getThenRegion().front());
      SmallVector<int> swapped(order);
      std::swap(swapped[rank_ - 1], swapped[rank_ - 2]);
      std::swap(order, swapped);
      if (flattenable()) {
        // Better still: dimensions 0 and 1 as one contiguous run.
        auto flat = b_.create<scf::IfOp>(loc_, canFlatten(los, his), /*withElseRegion=*/true);
        OpBuilder::InsertionGuard fg(b_);
        b_.setInsertionPointToStart(&flat.getThenRegion().front());
        emitFlattened(rank_ - 1, los, his, accStride, ivs, partial, accIndex, acc);
        b_.setInsertionPointToStart(&flat.getElseRegion().front());
        nest(0);
      } else {
        nest(0);
      }
      std::swap(order, swapped);
      b_.setInsertionPointToStart(&branch.getElseRegion().front());
      nest(0);
    }
  } else {
    nest(0);
  }
  b_.create<func::ReturnOp>(loc_);
  return success();
}

} // namespace runmat::codegen::cpu
