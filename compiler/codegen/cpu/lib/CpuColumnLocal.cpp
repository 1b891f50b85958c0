// Column-local kernels: group reductions over a column's rows (CpuKernelEmitter.h).
#include "CpuKernelEmitter.h"

#include "runmat/Dialect/RunMat/ScalarSemantics.h"

namespace runmat::codegen::cpu {

LogicalResult KernelEmitter::planGroupPhases() {
  if (!timeLoop_ || groupDims_ != SmallVector<int64_t>{0})
    return kernel_.emitOpError("group reductions on the CPU need a time loop at the top of the body, grouped "
                               "over dimension 0");
  Block *lb = timeLoop_.getBody();
  for (Operation &op : *lb) {
    int phase = 0;
    if (op.walk([&](rm::GroupReduceOp g) { return g->getBlock() != lb ? WalkResult::interrupt() : WalkResult::advance(); })
            .wasInterrupted())
      return op.emitOpError("group reductions in nested loops have no CPU form");
    for (Value v : op.getOperands())
      if (auto it = phaseOf_.find(v); it != phaseOf_.end()) phase = std::max(phase, it->second);
    // Values the op's regions read from the trip count as its operands.
    op.walk([&](Operation *inner) {
      for (Value v : inner->getOperands())
        if (auto it = phaseOf_.find(v); it != phaseOf_.end()) phase = std::max(phase, it->second);
    });
    opPhase_[&op] = phase;
    if (auto g = dyn_cast<rm::GroupReduceOp>(op)) {
      phaseOf_[g.getResult()] = phase + 1;
      groupAcc_[g] = (int)groupAcc_.size();
    } else if (!op.hasTrait<OpTrait::ConstantLike>()) {
      for (Value r : op.getResults()) phaseOf_[r] = phase;
    }
  }
  int last = 0;
  for (auto &[op, phase] : opPhase_) last = std::max(last, phase);
  phases_.assign(last + 1, {});
  // Slots: the state first, then values read in a later phase.
  slots_ = timeLoop_.getNumRegionIterArgs();
  for (Operation &op : lb->without_terminator()) {
    if (isa<rm::GroupReduceOp>(op)) continue;
    for (Value r : op.getResults()) {
      auto it = phaseOf_.find(r);
      if (it == phaseOf_.end()) continue;
      bool later = false;
      for (OpOperand &use : r.getUses()) {
        Operation *user = lb->findAncestorOpInBlock(*use.getOwner());
        int at = isa<scf::YieldOp>(user) ? last : opPhase_[user];
        later |= at > it->second;
      }
      if (later) slotOf_[r] = slots_++;
    }
  }
  return success();
}

Value KernelEmitter::slotAddress(Value scratch, int64_t s, Value rows64, Value row, Type t) {
  Value base = gep(scratch, b_.getI8Type(), b_.create<arith::MulIOp>(loc_, c64(8 * s), rows64).getResult());
  return gep(base, t, row);
}

void KernelEmitter::groupTimeLoop(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, Value scratch) {
  scf::ForOp L = timeLoop_;
  Block *lb = L.getBody();
  Value rows64 = toI64(b_.create<arith::SubIOp>(loc_, hi, lo));
  Type f64 = b_.getF64Type();
  // The accumulators of the group reductions, in a stack array.
  Value accs = b_.create<LLVM::AllocaOp>(loc_, ptr_, f64, c64(std::max<int64_t>(1, groupAcc_.size())));
  // One pass over the column's rows: `fn(map, row)` with the body's
  // arguments and its ops before the loop mapped.
  auto overRows = [&](function_ref<void(IRMapping &, Value)> fn) {
    overDim0(lo, hi, ivs, partialIn, /*ops=*/true,
             [&](IRMapping &map, Value i) { fn(map, toI64(b_.create<arith::SubIOp>(loc_, i, lo))); });
  };
  auto stateSlot = [&](unsigned j, Value row) {
    return slotAddress(scratch, j, rows64, row, L.getInitArgs()[j].getType());
  };
  overRows([&](IRMapping &map, Value row) {
    for (auto [j, init] : llvm::enumerate(L.getInitArgs()))
      b_.create<LLVM::StoreOp>(loc_, map.lookupOrDefault(init), stateSlot(j, row));
  });
  auto trips = timeLoopTrips();
  {
    OpBuilder::InsertionGuard tg(b_);
    b_.setInsertionPointToStart(trips.getBody());
    const int last = (int)phases_.size() - 1;
    for (int k = 0; k <= last; ++k) {
      for (auto &[g, a] : groupAcc_)
        if (opPhase_[g.getOperation()] == k)
          b_.create<LLVM::StoreOp>(loc_, rm::emitIdentity(b_, loc_, g.getKind(), f64), gep(accs, f64, a));
      overRows([&](IRMapping &map, Value row) {
        map.map(L.getInductionVar(), trips.getInductionVar());
        for (auto [j, arg] : llvm::enumerate(L.getRegionIterArgs()))
          map.map(arg, load(arg.getType(), stateSlot(j, row)));
        for (auto &[g, a] : groupAcc_)
          if (opPhase_[g.getOperation()] < k)
            map.map(g.getResult(), rm::emitConvert(b_, loc_, load(f64, gep(accs, f64, a)), g.getType()));
        for (auto &[v, s] : slotOf_)
          if (phaseOf_[v] < k) map.map(v, load(v.getType(), slotAddress(scratch, s, rows64, row, v.getType())));
        for (Operation &op : lb->without_terminator()) {
          bool constant = op.hasTrait<OpTrait::ConstantLike>();
          if (opPhase_[&op] != k && !constant) continue;
          if (auto g = dyn_cast<rm::GroupReduceOp>(op)) {
            Value addr = gep(accs, f64, groupAcc_[g]);
            Value x = rm::emitConvert(b_, loc_, map.lookupOrDefault(g.getValue()), f64);
            b_.create<LLVM::StoreOp>(loc_, rm::emitCombine(b_, loc_, g.getKind(), load(f64, addr), x, true), addr);
            continue;
          }
          cloneExpanding(op, map);
          for (Value r : op.getResults())
            if (auto it = slotOf_.find(r); it != slotOf_.end())
              b_.create<LLVM::StoreOp>(loc_, map.lookupOrDefault(r),
                                       slotAddress(scratch, it->second, rows64, row, r.getType()));
        }
        if (k == last)
          for (auto [j, v] : llvm::enumerate(lb->getTerminator()->getOperands()))
            b_.create<LLVM::StoreOp>(loc_, map.lookupOrDefault(v), stateSlot(j, row));
      });
    }
  }
  overRows([&](IRMapping &map, Value row) {
    finishAfterLoop(map, [&](unsigned j, Type t) { return load(t, stateSlot(j, row)); }, Value(), Value());
  });
}

void KernelEmitter::groupRecompute(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn) {
  Block &body = kernel_.getBodyBlock();
  Type f64 = b_.getF64Type();
  auto accAt = [&](size_t j) { return gep(groupAccs_, f64, (int64_t)j); };
  // One pass over the rows; `k` is the reduction it accumulates (or none).
  auto pass = [&](size_t k) {
    overDim0(lo, hi, ivs, partialIn, /*ops=*/false, [&](IRMapping &map, Value) {
      for (Operation &op : body.without_terminator()) {
        auto g = dyn_cast<rm::GroupReduceOp>(op);
        if (!g) {
          cloneExpanding(op, map);
          continue;
        }
        size_t j = llvm::find(groupOrder_, g) - groupOrder_.begin();
        if (j < k) {
          map.map(g.getResult(), rm::emitConvert(b_, loc_, load(f64, accAt(j)), g.getType()));
          continue;
        }
        if (j == k) {
          Value x = rm::emitConvert(b_, loc_, map.lookupOrDefault(g.getValue()), f64);
          b_.create<LLVM::StoreOp>(loc_, rm::emitCombine(b_, loc_, g.getKind(), load(f64, accAt(j)), x, true), accAt(j));
        }
        // Not known yet in this pass, and not needed by it.
        map.map(g.getResult(), b_.create<arith::ConstantOp>(loc_, g.getType(), b_.getFloatAttr(g.getType(), 0.0)));
      }
      if (k == groupOrder_.size()) {
        SmallVector<Value> out;
        for (Value v : body.getTerminator()->getOperands()) out.push_back(map.lookupOrDefault(v));
        writePoint(out, curPartial_, Value(), Value());
      }
    });
  };
  for (size_t k = 0; k < groupOrder_.size(); ++k) {
    b_.create<LLVM::StoreOp>(loc_, rm::emitIdentity(b_, loc_, groupOrder_[k].getKind(), f64), accAt(k));
    pass(k);
  }
  pass(groupOrder_.size());
}

} // namespace runmat::codegen::cpu
