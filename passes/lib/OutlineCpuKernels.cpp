// Kernel bodies become CPU box functions (runmat_abi.h); kernels become launches.
#include "runmat/Dialect/RunMat/ScalarSemantics.h"
#include "runmat/Passes/Passes.h"
#include "runmat/Dialect/RunMat/SymbolicExtents.h"

#include "KernelDescription.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/MapVector.h"

#include <map>

namespace runmat {
#define GEN_PASS_DEF_OUTLINECPUKERNELS
#include "runmat/Passes/Passes.h.inc"
} // namespace runmat

using namespace mlir;
namespace rm = mlir::runmat;

namespace {

// runmat_kernel_args is five pointers: data, offsets, strides, space, scalars.
enum ArgField { Data = 0, Offsets = 1, Strides = 2, Space = 3, Scalars = 4 };

class KernelEmitter {
public:
  KernelEmitter(ModuleOp module, rm::KernelOp kernel, int64_t id)
      : module_(module), kernel_(kernel), id_(id), b_(module.getContext()), loc_(kernel.getLoc()),
        ptr_(LLVM::LLVMPointerType::get(module.getContext())), i64_(b_.getI64Type()) {}

  LogicalResult emit() {
    rank_ = kernel_.getRank();
    nIn_ = kernel_.getInputs().size();
    nOut_ = kernel_.getNumResults();
    for (int64_t d : kernel_.getReduceDims()) reduced_.insert(d);
    groupDims_ = kernel_.getGroupDims();
    if (failed(emitBox())) return failure();
    if (kernel_.isReduction() && failed(emitFinish())) return failure();
    return success();
  }

private:
  // ---- memory helpers -------------------------------------------------------
  Value c64(int64_t v) { return b_.create<arith::ConstantIntOp>(loc_, v, 64); }
  Value cIndex(int64_t v) { return b_.create<arith::ConstantIndexOp>(loc_, v); }
  Value gep(Value base, Type elem, Value index) {
    return b_.create<LLVM::GEPOp>(loc_, ptr_, elem, base, ArrayRef<LLVM::GEPArg>{index});
  }
  Value gep(Value base, Type elem, int64_t index) {
    return b_.create<LLVM::GEPOp>(loc_, ptr_, elem, base, ArrayRef<LLVM::GEPArg>{(int32_t)index});
  }
  Value load(Type t, Value addr) { return b_.create<LLVM::LoadOp>(loc_, t, addr); }
  Value toI64(Value index) { return b_.create<arith::IndexCastOp>(loc_, i64_, index); }
  Value toIndex(Value v) { return b_.create<arith::IndexCastOp>(loc_, b_.getIndexType(), v); }

  // Memory holds logical values as bytes.
  Type memType(Type e) { return e.isInteger(1) ? (Type)b_.getI8Type() : e; }
  Value loadElement(Type e, Value base, Value offset) {
    Value v = load(memType(e), gep(base, memType(e), offset));
    if (e.isInteger(1)) v = b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ne, v, b_.create<arith::ConstantIntOp>(loc_, 0, 8));
    return v;
  }
  void storeElement(Type e, Value v, Value base, Value offset) {
    if (e.isInteger(1)) v = b_.create<arith::ExtUIOp>(loc_, b_.getI8Type(), v);
    b_.create<LLVM::StoreOp>(loc_, v, gep(base, memType(e), offset));
  }

  Type elementOf(Value tensor) { return cast<RankedTensorType>(tensor.getType()).getElementType(); }
  Type tensorElement(int t) {
    return t < nIn_ ? elementOf(kernel_.getInputs()[t]) : elementOf(kernel_.getResult(t - nIn_));
  }

  Value unpackScalar(Value raw, Type t) {
    if (t.isF64()) return b_.create<arith::BitcastOp>(loc_, t, raw);
    if (t.isF32())
      return b_.create<arith::BitcastOp>(loc_, t, b_.create<arith::TruncIOp>(loc_, b_.getI32Type(), raw));
    if (t.isInteger(1) || t.isInteger(32)) return b_.create<arith::TruncIOp>(loc_, t, raw);
    if (t.isInteger(64)) return raw;
    if (t.isIndex()) return toIndex(raw);
    return {};
  }

  // Loads what both functions need from runmat_kernel_args.
  LogicalResult loadArgs(Value args) {
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

  // Clones a region's single block with `args` for its arguments; returns what
  // it yields. Random draws expand into Philox arithmetic.
  SmallVector<Value> inlineBlock(Block &block, ValueRange args) {
    IRMapping map;
    map.map(block.getArguments(), args);
    for (Operation &op : block.without_terminator()) cloneExpanding(op, map);
    SmallVector<Value> out;
    for (Value v : block.getTerminator()->getOperands()) out.push_back(map.lookupOrDefault(v));
    return out;
  }

  func::FuncOp createFunction(const std::string &name, ArrayRef<Type> args) {
    OpBuilder::InsertionGuard guard(b_);
    b_.setInsertionPointToEnd(module_.getBody());
    auto fn = b_.create<func::FuncOp>(loc_, name, b_.getFunctionType(args, {}));
    fn->setAttr("llvm.linkage", LLVM::LinkageAttr::get(b_.getContext(), LLVM::Linkage::Internal));
    fn->setAttr("runmat.kernel_function", b_.getUnitAttr());
    return fn;
  }

  // runmat_box_fn: loops over lo <= index < hi, innermost dimension first,
  // with tensor offsets carried incrementally.
  LogicalResult emitBox() {
    func::FuncOp fn = createFunction("runmat_kernel_" + std::to_string(id_), {ptr_, ptr_, ptr_, ptr_});
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

  // ---- dimensions 0 and 1 as one run ----------------------------------------
  // With a first dimension of a few points, points (i0, i1) in column-major
  // order form one run j = i0 + e0 * i1 when every tensor is contiguous
  // across the two dimensions (stride1 = e0 * stride0) or, for an input,
  // constant along dimension 1 (stride1 = 0: image_normalize's per-image
  // mean). Such an input repeats with period e0 along the run; a tile of a
  // multiple of e0 of its values makes it contiguous too, so the run
  // vectorizes like a long dimension 0.

  // The body may see the run's index: its i0 and i1 are unused, or used only
  // as the linear index i0 + i1 * e0 (a random draw's), which is j with
  // i0 = j and i1 = 0. Accumulators must be contiguous across the two
  // dimensions as well: both reduced or both kept.
  bool flattenable() {
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

  Value isEq(Value a, Value b) { return b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::eq, a, b); }
  Value both(Value a, Value b) { return b_.create<arith::AndIOp>(loc_, a, b); }
  Value either(Value a, Value b) { return b_.create<arith::OrIOp>(loc_, a, b); }
  Value contiguousAcross(int t) {
    return isEq(stride_[t][1], b_.create<arith::MulIOp>(loc_, extent64_[0], stride_[t][0]));
  }

  // At run time: the box spans dimension 0, and every tensor is contiguous
  // across dimensions 0 and 1 (an input may instead be constant along 1).
  Value canFlatten(ArrayRef<Value> los, ArrayRef<Value> his) {
    Value ok = both(isEq(los[0], cIndex(0)), isEq(his[0], extent_[0]));
    ok = both(ok, b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ne, extent64_[0], c64(0)));
    for (int t = 0; t < nIn_; ++t) ok = both(ok, either(contiguousAcross(t), isEq(stride_[t][1], c64(0))));
    if (!kernel_.isReduction())
      for (int t = nIn_; t < nIn_ + nOut_; ++t) ok = both(ok, contiguousAcross(t));
    return ok;
  }

  // Loops over dimensions `p` down to 2 as the nest does, then the run in
  // chunks of a multiple of e0 points (tiles refilled per outer point).
  void emitFlattened(int p, ArrayRef<Value> los, ArrayRef<Value> his, ArrayRef<Value> accStride,
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

  // The body's arguments at a point.
  SmallVector<Value> pointArgs(ArrayRef<Value> ivs, ArrayRef<Value> partial) {
    SmallVector<Value> args(ivs.begin(), ivs.end());
    args.append(extent_.begin(), extent_.end());
    for (int t = 0; t < nIn_; ++t) args.push_back(loadElement(tensorElement(t), base_[t], partial[t]));
    args.append(scalar_.begin(), scalar_.end());
    return args;
  }

  void innermost(ArrayRef<Value> ivs, ArrayRef<Value> partial, Value accIndex, Value acc) {
    writePoint(inlineBlock(kernel_.getBodyBlock(), pointArgs(ivs, partial)), partial, accIndex, acc);
  }


  // pow(x, y) as pow(x == +0 ? 1 : x, y), then pow(+0, y) by cases. The
  // vector math library computes a whole vector on its slow scalar path when
  // a lane is zero, which clamped data (image_normalize's max(out, 0)) is
  // half the time.
  Value expandPowOfZero(math::PowFOp pow) {
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

  // Clones `op` under `map`, expanding random draws (also nested ones).
  void cloneExpanding(Operation &op, IRMapping &map) {
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

  // The time loop's trips at box level: its bounds are kernel scalars or
  // constants (KernelOp::getTimeLoop checked).
  scf::ForOp timeLoopTrips() {
    auto bound = [&](Value v) -> Value {
      if (auto arg = dyn_cast<BlockArgument>(v)) return scalar_[arg.getArgNumber() - (2 * rank_ + nIn_)];
      return b_.clone(*v.getDefiningOp())->getResult(0);
    };
    return b_.create<scf::ForOp>(loc_, bound(timeLoop_.getLowerBound()), bound(timeLoop_.getUpperBound()),
                                 bound(timeLoop_.getStep()));
  }

  // A loop over the points lo <= i < hi of dimension 0 (the other indices
  // in `ivs` fixed): the tensors' offsets at i in curPartial_, the body's
  // arguments mapped, then the body's ops before the time loop (all of them
  // with no time loop but `ops` false); `fn(map, i)` fills the loop.
  void overDim0(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, bool ops,
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

  // After the time loop, at a point: its results from `resultOf(j)`, the
  // body's ops after it, the outputs written (or accumulated).
  void finishAfterLoop(IRMapping &map, function_ref<Value(unsigned, Type)> resultOf, Value accIndex, Value acc) {
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

  // The time loop runs over chunks of kChunk points of dimension 0, its
  // state in stack arrays: per chunk, the ops before the loop give the
  // initial state; each trip updates every point of the chunk (an inner loop
  // over points, which vectorizes as the unfused kernels do); then the ops
  // after the loop give the outputs. Ops before the loop are pure and are
  // recomputed where a phase needs their values.
  void chunkedTimeLoop(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, Value accIndex,
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

  // ---- column-local time loops (runmat.group_reduce) ------------------------
  // Group reductions split each trip into phases: phase k computes, for every
  // row of the column, the ops whose inputs are ready after k group
  // reductions. A value needed in a later phase than its own waits in a
  // scratch slot (one per row); the state lives in slots too; the group
  // reductions accumulate in double, in `groupAcc_`. The runtime passes the
  // scratch (GroupSlots() x rows x 8 bytes) where reductions get their
  // accumulators, and never splits a column between boxes.
  LogicalResult planGroupPhases() {
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

  // Slot s of row `row` (i64), holding type t.
  Value slotAddress(Value scratch, int64_t s, Value rows64, Value row, Type t) {
    Value base = gep(scratch, b_.getI8Type(), b_.create<arith::MulIOp>(loc_, c64(8 * s), rows64).getResult());
    return gep(base, t, row);
  }

  void groupTimeLoop(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, Value scratch) {
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

  // A column-local kernel without a time loop: for each group reduction in
  // body order, a pass over the column's rows computes the body up to it
  // (the earlier reductions' results known, the later ones' not needed: the
  // ops that would use them are dead and LLVM drops them) and accumulates
  // its operand; a last pass computes the outputs. Nothing is kept per row.
  void groupRecompute(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn) {
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

  // Stores a point's outputs, or adds them to its accumulators.
  void writePoint(ArrayRef<Value> out, ArrayRef<Value> partial, Value accIndex, Value acc) {
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

  // runmat_finish_fn: outputs out_begin <= o < out_end from the accumulators.
  LogicalResult emitFinish() {
    func::FuncOp fn = createFunction("runmat_kernel_" + std::to_string(id_) + "_finish", {ptr_, i64_, i64_, ptr_});
    Block *entry = fn.addEntryBlock();
    OpBuilder::InsertionGuard guard(b_);
    b_.setInsertionPointToStart(entry);
    if (failed(loadArgs(entry->getArgument(0)))) return failure();
    Value acc = entry->getArgument(3);
    auto loop = b_.create<scf::ForOp>(loc_, toIndex(entry->getArgument(1)), toIndex(entry->getArgument(2)), cIndex(1));
    b_.setInsertionPointToStart(loop.getBody());
    Value o = toI64(loop.getInductionVar());
    SmallVector<Value> outOffset;
    for (int r = 0; r < nOut_; ++r) outOffset.push_back(offset_[nIn_ + r]);
    Value rem = o;
    for (int p = 0; p < rank_; ++p) {
      if (reduced_.count(p)) continue;
      Value i = b_.create<arith::RemUIOp>(loc_, rem, extent64_[p]);
      rem = b_.create<arith::DivUIOp>(loc_, rem, extent64_[p]);
      for (int r = 0; r < nOut_; ++r)
        outOffset[r] = b_.create<arith::AddIOp>(loc_, outOffset[r], b_.create<arith::MulIOp>(loc_, i, stride_[nIn_ + r][p]));
    }
    Type f64 = b_.getF64Type();
    SmallVector<Value> args;
    Value slot0 = b_.create<arith::MulIOp>(loc_, o, c64(nOut_));
    Block &epilogue = kernel_.getEpilogue().front();
    for (int r = 0; r < nOut_; ++r) {
      Value a = load(f64, gep(acc, f64, b_.create<arith::AddIOp>(loc_, slot0, c64(r))));
      args.push_back(rm::emitConvert(b_, loc_, a, epilogue.getArgument(r).getType()));
    }
    args.append(extent_.begin(), extent_.end());
    if (epilogue.getNumArguments() > args.size()) args.append(scalar_.begin(), scalar_.end());
    SmallVector<Value> out = inlineBlock(kernel_.getEpilogue().front(), args);
    for (int r = 0; r < nOut_; ++r) storeElement(tensorElement(nIn_ + r), out[r], base_[nIn_ + r], outOffset[r]);
    b_.setInsertionPointToEnd(entry);
    b_.create<func::ReturnOp>(loc_);
    return success();
  }

  ModuleOp module_;
  rm::KernelOp kernel_;
  int64_t id_;
  OpBuilder b_;
  Location loc_;
  Type ptr_, i64_;
  int rank_ = 0, nIn_ = 0, nOut_ = 0;
  llvm::SmallDenseSet<int64_t> reduced_;
  SmallVector<int64_t> groupDims_; // the kernel's group reductions' dims (column-local kernels)
  static constexpr int64_t kChunk = 256; // points of a time loop's chunk
  static constexpr int64_t kFewRows = 8; // a first dimension this short does not run innermost
  static constexpr int64_t kRun = 128;    // points per chunk of a flattened run (at most)
  scf::ForOp timeLoop_;
  // Column-local loops: each op's phase, the phase a value is ready in, the
  // scratch slot of values kept for a later phase, the accumulator of each
  // group reduction.
  SmallVector<char> phases_;
  llvm::DenseMap<Operation *, int> opPhase_;
  llvm::DenseMap<Value, int> phaseOf_;
  llvm::MapVector<Value, int64_t> slotOf_;
  llvm::MapVector<rm::GroupReduceOp, int> groupAcc_;
  int64_t slots_ = 0;
  // Column-local kernels without a time loop: the group reductions in body
  // order and their accumulators.
  SmallVector<rm::GroupReduceOp> groupOrder_;
  Value groupAccs_;

public:
  int64_t groupSlots() const { return slots_; }

private:
  SmallVector<Value> state_, curPartial_;
  Block *entry_ = nullptr; // the box function's entry block (its allocas)
  Value curAccIndex_, accStride0_;
  SmallVector<Value> base_, offset_, extent_, extent64_, scalar_;
  SmallVector<SmallVector<Value>> stride_;
};

struct OutlineCpuKernelsPass : ::runmat::impl::OutlineCpuKernelsBase<OutlineCpuKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<rm::KernelOp> kernels;
    module.walk([&](rm::KernelOp k) { kernels.push_back(k); });
    // The manifest lists kernels by id; kernels outlined by an earlier run
    // of the pass keep their place.
    std::map<int64_t, Attribute> infos;
    if (auto existing = module->getAttrOfType<ArrayAttr>("runmat.kernels"))
      for (Attribute a : existing) infos[cast<DictionaryAttr>(a).getAs<IntegerAttr>("id").getInt()] = a;
    for (rm::KernelOp k : kernels) {
      if (!k.getKernelId()) {
        k.emitOpError("has no kernel_id: run runmat-number-kernels first");
        return signalPassFailure();
      }
      const int64_t id = (int64_t)*k.getKernelId();
      if (infos.count(id)) {
        k.emitOpError() << "has kernel_id " << id << ", which another kernel has";
        return signalPassFailure();
      }
      KernelEmitter emitter(module, k, id);
      if (failed(emitter.emit())) return signalPassFailure();
      infos[id] = ::runmat::describeKernel(k, id, emitter.groupSlots());
      OpBuilder b(k);
      auto launch = b.create<rm::LaunchOp>(k.getLoc(), k.getResultTypes(), b.getI64IntegerAttr(id), k.getSpace(),
                                           k.getInputs(), k.getScalars(), k.getReduceDimsAttr());
      if (auto label = k.getLabel()) launch->setAttr("label", b.getStringAttr(*label));
      k.replaceAllUsesWith(launch.getResults());
      k.erase();
    }
    SmallVector<Attribute> list;
    for (auto &[id, info] : infos) {
      if (id != (int64_t)list.size()) {
        module.emitError() << "kernel ids are not 0.." << infos.size() - 1 << ": no kernel " << list.size();
        return signalPassFailure();
      }
      list.push_back(info);
    }
    module->setAttr("runmat.kernels", ArrayAttr::get(module.getContext(), list));
  }
};

} // namespace
