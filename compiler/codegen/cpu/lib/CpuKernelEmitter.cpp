// The CPU kernel emitter's shared members: arguments, elements, inlining, outputs.
#include "CpuKernelEmitter.h"

#include "runmat/Dialect/RunMat/ScalarSemantics.h"
#include <functional>

namespace runmat::codegen::cpu {

LogicalResult KernelEmitter::emit() {
  rank_ = kernel_.getRank();
  nIn_ = kernel_.getInputs().size();
  nOut_ = kernel_.getNumResults();
  for (int64_t d : kernel_.getReduceDims()) reduced_.insert(d);
  groupDims_ = kernel_.getGroupDims();
  if (failed(emitBox())) return failure();
  if (kernel_.isReduction() && failed(emitFinish())) return failure();
  return success();
}

Value KernelEmitter::loadElement(Type e, Value base, Value offset) {
  Value v = load(memType(e), gep(base, memType(e), offset));
  if (e.isInteger(1)) v = b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ne, v, b_.create<arith::ConstantIntOp>(loc_, 0, 8));
  return v;
}

void KernelEmitter::storeElement(Type e, Value v, Value base, Value offset) {
  if (e.isInteger(1)) v = b_.create<arith::ExtUIOp>(loc_, b_.getI8Type(), v);
  b_.create<LLVM::StoreOp>(loc_, v, gep(base, memType(e), offset));
}

Type KernelEmitter::tensorElement(int t) {
  return t < nIn_ ? elementOf(kernel_.getInputs()[t]) : elementOf(kernel_.getResult(t - nIn_));
}

Value KernelEmitter::unpackScalar(Value raw, Type t) {
  if (t.isF64()) return b_.create<arith::BitcastOp>(loc_, t, raw);
  if (t.isF32())
    return b_.create<arith::BitcastOp>(loc_, t, b_.create<arith::TruncIOp>(loc_, b_.getI32Type(), raw));
  if (t.isInteger(1) || t.isInteger(32)) return b_.create<arith::TruncIOp>(loc_, t, raw);
  if (t.isInteger(64)) return raw;
  if (t.isIndex()) return toIndex(raw);
  return {};
}

LogicalResult KernelEmitter::loadArgs(Value args) {
  Value data = load(ptr_, gep(args, ptr_, Data)), offsets = load(ptr_, gep(args, ptr_, Offsets));
  Value strides = load(ptr_, gep(args, ptr_, Strides)), space = load(ptr_, gep(args, ptr_, Space));
  Value scalars = load(ptr_, gep(args, ptr_, Scalars));
  int nt = nIn_ + nOut_;
  base_.clear();
  offset_.clear();
  stride_.assign(nt, {});
  for (int t = 0; t < nt; ++t) {
    base_.push_back(load(ptr_, gep(data, ptr_, t)));
    offset_.push_back(load(i64_, gep(offsets, i64_, t)));
    for (int p = 0; p < rank_; ++p) stride_[t].push_back(load(i64_, gep(strides, i64_, t * rank_ + p)));
  }
  extent_.clear();
  extent64_.clear();
  for (int p = 0; p < rank_; ++p) {
    extent64_.push_back(load(i64_, gep(space, i64_, p)));
    extent_.push_back(toIndex(extent64_.back()));
  }
  scalar_.clear();
  int s = 0;
  for (Value v : kernel_.getScalars()) {
    Value u = unpackScalar(load(i64_, gep(scalars, i64_, s++)), v.getType());
    if (!u) return kernel_.emitOpError("cannot pass a scalar of type ") << v.getType() << " to a CPU kernel";
    scalar_.push_back(u);
  }
  return success();
}

SmallVector<Value> KernelEmitter::inlineBlock(Block &block, ValueRange args) {
  IRMapping map;
  map.map(block.getArguments(), args);
  for (Operation &op : block.without_terminator()) cloneExpanding(op, map);
  SmallVector<Value> out;
  for (Value v : block.getTerminator()->getOperands()) out.push_back(map.lookupOrDefault(v));
  return out;
}

func::FuncOp KernelEmitter::createFunction(const std::string &name, ArrayRef<Type> args) {
  OpBuilder::InsertionGuard guard(b_);
  b_.setInsertionPointToEnd(module_.getBody());
  auto fn = b_.create<func::FuncOp>(loc_, name, b_.getFunctionType(args, {}));
  fn->setAttr("llvm.linkage", LLVM::LinkageAttr::get(b_.getContext(), LLVM::Linkage::Internal));
  fn->setAttr("runmat.kernel_function", b_.getUnitAttr());
  return fn;
}

SmallVector<Value> KernelEmitter::pointArgs(ArrayRef<Value> ivs, ArrayRef<Value> partial) {
  SmallVector<Value> args(ivs.begin(), ivs.end());
  args.append(extent_.begin(), extent_.end());
  for (int t = 0; t < nIn_; ++t) args.push_back(loadElement(tensorElement(t), base_[t], partial[t]));
  args.append(scalar_.begin(), scalar_.end());
  return args;
}

void KernelEmitter::innermost(ArrayRef<Value> ivs, ArrayRef<Value> partial, Value accIndex, Value acc) {
  writePoint(inlineBlock(kernel_.getBodyBlock(), pointArgs(ivs, partial)), partial, accIndex, acc);
}

Value KernelEmitter::expandPowOfZero(math::PowFOp pow) {
  OpBuilder::InsertionGuard guard(b_);
  b_.setInsertionPoint(pow);
  Value x = pow.getLhs(), y = pow.getRhs();
  Type t = x.getType();
  unsigned bits = t.getIntOrFloatBitWidth();
  Type it = b_.getIntegerType(bits);
  Value zero = b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::eq, b_.create<arith::BitcastOp>(loc_, it, x),
                                        b_.create<arith::ConstantIntOp>(loc_, 0, bits));
  auto fc = [&](double v) { return b_.create<arith::ConstantOp>(loc_, b_.getFloatAttr(t, v)).getResult(); };
  auto cmp = [&](arith::CmpFPredicate p, Value a, Value c) { return b_.create<arith::CmpFOp>(loc_, p, a, c); };
  auto pick = [&](Value c, Value a, Value e) { return b_.create<arith::SelectOp>(loc_, c, a, e).getResult(); };
  Value safe = pick(zero, fc(1.0), x);
  Value r = b_.create<math::PowFOp>(loc_, safe, y);
  // pow(+0, y): +0 for y > 0, 1 for y = 0, +inf for y < 0, NaN for NaN.
  Value atZero = pick(cmp(arith::CmpFPredicate::OGT, y, fc(0.0)), fc(0.0),
                      pick(cmp(arith::CmpFPredicate::OEQ, y, fc(0.0)), fc(1.0),
                           pick(cmp(arith::CmpFPredicate::OLT, y, fc(0.0)), fc(INFINITY), y)));
  Value result = pick(zero, atZero, r);
  pow.replaceAllUsesWith(result);
  pow.erase();
  return result;
}

void KernelEmitter::cloneExpanding(Operation &op, IRMapping &map) {
  Operation *copy = b_.clone(op, map);
  if (auto pow = dyn_cast<math::PowFOp>(copy)) {
    map.map(op.getResult(0), expandPowOfZero(pow));
    return;
  }
  SmallVector<math::PowFOp> pows;
  copy->walk([&](math::PowFOp p) { pows.push_back(p); });
  for (math::PowFOp p : pows) expandPowOfZero(p);
  SmallVector<rm::RandomOp> draws;
  copy->walk([&](rm::RandomOp r) { draws.push_back(r); });
  for (rm::RandomOp r : draws) {
    OpBuilder::InsertionGuard guard(b_);
    b_.setInsertionPoint(r);
    Value x = rm::emitRandomElement(b_, r.getLoc(), r.getDistribution(), r.getSeed(), r.getStream(), r.getIndex(),
                                    r.getType());
    r.replaceAllUsesWith(x);
    if (r == copy) map.map(op.getResult(0), x);
    r.erase();
  }
}

void KernelEmitter::writePoint(ArrayRef<Value> out, ArrayRef<Value> partial, Value accIndex, Value acc) {
  if (!kernel_.isReduction()) {
    for (int r = 0; r < nOut_; ++r) storeElement(tensorElement(nIn_ + r), out[r], base_[nIn_ + r], partial[nIn_ + r]);
    return;
  }
  // Accumulate in double: acc[nOut * accIndex + r].
  Type f64 = b_.getF64Type();
  Value slot0 = b_.create<arith::MulIOp>(loc_, accIndex, c64(nOut_));
  for (int r = 0; r < nOut_; ++r) {
    Value addr = gep(acc, f64, b_.create<arith::AddIOp>(loc_, slot0, c64(r)));
    Value x = out[r];
    x = x.getType().isInteger(1) ? (Value)b_.create<arith::UIToFPOp>(loc_, f64, x) : rm::emitConvert(b_, loc_, x, f64);
    auto kind = (rm::ReduceKind)cast<IntegerAttr>(kernel_.getCombiners()[r]).getInt();
    Value updated = rm::emitCombine(b_, loc_, kind, load(f64, addr), x, /*reassociate=*/true);
    b_.create<LLVM::StoreOp>(loc_, updated, addr);
  }
}

} // namespace runmat::codegen::cpu
