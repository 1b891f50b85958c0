// A fused time loop run over chunks of points, its state on the stack (CpuKernelEmitter.h).
#include "CpuKernelEmitter.h"

#include "runmat/Dialect/RunMat/ScalarSemantics.h"

namespace runmat::codegen::cpu {

scf::ForOp KernelEmitter::timeLoopTrips() {
  auto bound = [&](Value v) -> Value {
    if (auto arg = dyn_cast<BlockArgument>(v)) return scalar_[arg.getArgNumber() - (2 * rank_ + nIn_)];
    return b_.clone(*v.getDefiningOp())->getResult(0);
  };
  return b_.create<scf::ForOp>(loc_, bound(timeLoop_.getLowerBound()), bound(timeLoop_.getUpperBound()),
                               bound(timeLoop_.getStep()));
}

void KernelEmitter::overDim0(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, bool ops,
              function_ref<void(IRMapping &, Value)> fn) {
  Block &body = kernel_.getBodyBlock();
  auto points = b_.create<scf::ForOp>(loc_, lo, hi, cIndex(1));
  OpBuilder::InsertionGuard pg(b_);
  b_.setInsertionPointToStart(points.getBody());
  Value i = points.getInductionVar();
  ivs[0] = i;
  SmallVector<Value> partial(partialIn.begin(), partialIn.end());
  Value i64 = toI64(i);
  for (int t = 0; t < nIn_ + nOut_; ++t)
    partial[t] = b_.create<arith::AddIOp>(loc_, partial[t], b_.create<arith::MulIOp>(loc_, i64, stride_[t][0]));
  curPartial_ = partial;
  IRMapping map;
  map.map(body.getArguments(), pointArgs(ivs, partial));
  if (ops)
    for (Operation &op : body) {
      if (&op == timeLoop_.getOperation()) break;
      cloneExpanding(op, map);
    }
  fn(map, i);
}

void KernelEmitter::finishAfterLoop(IRMapping &map, function_ref<Value(unsigned, Type)> resultOf, Value accIndex, Value acc) {
  Block &body = kernel_.getBodyBlock();
  for (auto [j, r] : llvm::enumerate(timeLoop_.getResults())) map.map(r, resultOf(j, r.getType()));
  bool after = false;
  for (Operation &op : body.without_terminator()) {
    if (after) cloneExpanding(op, map);
    after |= &op == timeLoop_.getOperation();
  }
  SmallVector<Value> out;
  for (Value v : body.getTerminator()->getOperands()) out.push_back(map.lookupOrDefault(v));
  writePoint(out, curPartial_, accIndex, acc);
}

void KernelEmitter::chunkedTimeLoop(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, Value accIndex,
                     Value acc) {
  scf::ForOp L = timeLoop_;
  Value chunk = cIndex(kChunk);
  auto chunks = b_.create<scf::ForOp>(loc_, lo, hi, chunk);
  OpBuilder::InsertionGuard g(b_);
  b_.setInsertionPointToStart(chunks.getBody());
  Value c = chunks.getInductionVar();
  Value end = b_.create<arith::MinUIOp>(loc_, b_.create<arith::AddIOp>(loc_, c, chunk), hi);
  // One phase: a loop over the chunk's points with `fn(point map, slot)`.
  auto overPoints = [&](function_ref<void(IRMapping &, Value)> fn) {
    overDim0(c, end, ivs, partialIn, /*ops=*/true, [&](IRMapping &map, Value i) {
      Value i64 = toI64(i);
      curAccIndex_ = accStride0_ ? (Value)b_.create<arith::AddIOp>(loc_, accIndex, b_.create<arith::MulIOp>(loc_, i64, accStride0_)) : accIndex;
      fn(map, toI64(b_.create<arith::SubIOp>(loc_, i, c)));
    });
  };
  auto slotOf = [&](unsigned j, Value slot) { return gep(state_[j], L.getInitArgs()[j].getType(), slot); };
  overPoints([&](IRMapping &map, Value slot) {
    for (auto [j, init] : llvm::enumerate(L.getInitArgs()))
      b_.create<LLVM::StoreOp>(loc_, map.lookupOrDefault(init), slotOf(j, slot));
  });
  auto trips = timeLoopTrips();
  {
    OpBuilder::InsertionGuard tg(b_);
    b_.setInsertionPointToStart(trips.getBody());
    overPoints([&](IRMapping &map, Value slot) {
      map.map(L.getInductionVar(), trips.getInductionVar());
      for (auto [j, arg] : llvm::enumerate(L.getRegionIterArgs()))
        map.map(arg, load(arg.getType(), slotOf(j, slot)));
      for (Operation &op : L.getBody()->without_terminator()) cloneExpanding(op, map);
      for (auto [j, v] : llvm::enumerate(L.getBody()->getTerminator()->getOperands()))
        b_.create<LLVM::StoreOp>(loc_, map.lookupOrDefault(v), slotOf(j, slot));
    });
  }
  overPoints([&](IRMapping &map, Value slot) {
    finishAfterLoop(map, [&](unsigned j, Type t) { return load(t, slotOf(j, slot)); }, curAccIndex_, acc);
  });
}

} // namespace runmat::codegen::cpu
