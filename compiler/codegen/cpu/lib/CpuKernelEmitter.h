// The CPU code generator of one kernel: its body becomes a box function
// (runmat_box_fn: the points lo <= index < hi, innermost dimension first)
// and, for a reduction, a finish function (runmat_finish_fn). One class over
// the kernel forms, each form's members in its own file:
//   CpuKernelEmitter.cpp   shared: arguments, elements, inlining, outputs
//   CpuBoxNest.cpp         the loop nest of map and reduction kernels
//   CpuFlattenedRun.cpp    dimensions 0 and 1 as one run (a short first dimension)
//   CpuTimeLoop.cpp        a fused time loop over chunks of points
//   CpuColumnLocal.cpp     column-local kernels (runmat.group_reduce)
//   CpuReductionFinish.cpp a reduction's accumulators to its outputs
#pragma once

#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

#include <string>

namespace runmat::codegen::cpu {

using namespace mlir;
namespace rm = mlir::runmat;

// runmat_kernel_args is five pointers: data, offsets, strides, space, scalars.
enum ArgField { Data = 0, Offsets = 1, Strides = 2, Space = 3, Scalars = 4 };

class KernelEmitter {
public:
  KernelEmitter(ModuleOp module, rm::KernelOp kernel, int64_t id)
      : module_(module), kernel_(kernel), id_(id), b_(module.getContext()), loc_(kernel.getLoc()),
        ptr_(LLVM::LLVMPointerType::get(module.getContext())), i64_(b_.getI64Type()) {}

  LogicalResult emit();

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
  Value loadElement(Type e, Value base, Value offset);
  void storeElement(Type e, Value v, Value base, Value offset);

  Type elementOf(Value tensor) { return cast<RankedTensorType>(tensor.getType()).getElementType(); }
  Type tensorElement(int t);

  Value unpackScalar(Value raw, Type t);

  // Loads what both functions need from runmat_kernel_args.
  LogicalResult loadArgs(Value args);

  // Clones a region's single block with `args` for its arguments; returns what
  // it yields. Random draws expand into Philox arithmetic.
  SmallVector<Value> inlineBlock(Block &block, ValueRange args);

  func::FuncOp createFunction(const std::string &name, ArrayRef<Type> args);

  // runmat_box_fn: loops over lo <= index < hi, innermost dimension first,
  // with tensor offsets carried incrementally.
  LogicalResult emitBox();

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
  bool flattenable();

  Value isEq(Value a, Value b) { return b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::eq, a, b); }
  Value both(Value a, Value b) { return b_.create<arith::AndIOp>(loc_, a, b); }
  Value either(Value a, Value b) { return b_.create<arith::OrIOp>(loc_, a, b); }
  Value contiguousAcross(int t);

  // At run time: the box spans dimension 0, and every tensor is contiguous
  // across dimensions 0 and 1 (an input may instead be constant along 1).
  Value canFlatten(ArrayRef<Value> los, ArrayRef<Value> his);

  // Loops over dimensions `p` down to 2 as the nest does, then the run in
  // chunks of a multiple of e0 points (tiles refilled per outer point).
  void emitFlattened(int p, ArrayRef<Value> los, ArrayRef<Value> his, ArrayRef<Value> accStride,
                     SmallVector<Value> &ivs, SmallVector<Value> partial, Value accIndex, Value acc);

  // The body's arguments at a point.
  SmallVector<Value> pointArgs(ArrayRef<Value> ivs, ArrayRef<Value> partial);

  void innermost(ArrayRef<Value> ivs, ArrayRef<Value> partial, Value accIndex, Value acc);


  // pow(x, y) as pow(x == +0 ? 1 : x, y), then pow(+0, y) by cases. The
  // vector math library computes a whole vector on its slow scalar path when
  // a lane is zero, which clamped data (image_normalize's max(out, 0)) is
  // half the time.
  Value expandPowOfZero(math::PowFOp pow);

  // Clones `op` under `map`, expanding random draws (also nested ones).
  void cloneExpanding(Operation &op, IRMapping &map);

  // The time loop's trips at box level: its bounds are kernel scalars or
  // constants (KernelOp::getTimeLoop checked).
  scf::ForOp timeLoopTrips();

  // A loop over the points lo <= i < hi of dimension 0 (the other indices
  // in `ivs` fixed): the tensors' offsets at i in curPartial_, the body's
  // arguments mapped, then the body's ops before the time loop (all of them
  // with no time loop but `ops` false); `fn(map, i)` fills the loop.
  void overDim0(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, bool ops,
                function_ref<void(IRMapping &, Value)> fn);

  // After the time loop, at a point: its results from `resultOf(j)`, the
  // body's ops after it, the outputs written (or accumulated).
  void finishAfterLoop(IRMapping &map, function_ref<Value(unsigned, Type)> resultOf, Value accIndex, Value acc);

  // The time loop runs over chunks of kChunk points of dimension 0, its
  // state in stack arrays: per chunk, the ops before the loop give the
  // initial state; each trip updates every point of the chunk (an inner loop
  // over points, which vectorizes as the unfused kernels do); then the ops
  // after the loop give the outputs. Ops before the loop are pure and are
  // recomputed where a phase needs their values.
  void chunkedTimeLoop(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, Value accIndex,
                       Value acc);

  // ---- column-local time loops (runmat.group_reduce) ------------------------
  // Group reductions split each trip into phases: phase k computes, for every
  // row of the column, the ops whose inputs are ready after k group
  // reductions. A value needed in a later phase than its own waits in a
  // scratch slot (one per row); the state lives in slots too; the group
  // reductions accumulate in double, in `groupAcc_`. The runtime passes the
  // scratch (GroupSlots() x rows x 8 bytes) where reductions get their
  // accumulators, and never splits a column between boxes.
  LogicalResult planGroupPhases();

  // Slot s of row `row` (i64), holding type t.
  Value slotAddress(Value scratch, int64_t s, Value rows64, Value row, Type t);

  void groupTimeLoop(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn, Value scratch);

  // A column-local kernel without a time loop: for each group reduction in
  // body order, a pass over the column's rows computes the body up to it
  // (the earlier reductions' results known, the later ones' not needed: the
  // ops that would use them are dead and LLVM drops them) and accumulates
  // its operand; a last pass computes the outputs. Nothing is kept per row.
  void groupRecompute(Value lo, Value hi, SmallVector<Value> &ivs, ArrayRef<Value> partialIn);

  // Stores a point's outputs, or adds them to its accumulators.
  void writePoint(ArrayRef<Value> out, ArrayRef<Value> partial, Value accIndex, Value acc);

  // runmat_finish_fn: outputs out_begin <= o < out_end from the accumulators.
  LogicalResult emitFinish();

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
  SmallVector<SmallVector<Value>> stride_;};

} // namespace runmat::codegen::cpu
