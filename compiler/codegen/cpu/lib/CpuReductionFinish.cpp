// A reduction's finish function: accumulators through the epilogue to the outputs (CpuKernelEmitter.h).
#include "CpuKernelEmitter.h"

#include "runmat/Dialect/RunMat/ScalarSemantics.h"
#include "runmat/codegen/cpu/CpuSymbols.h"

namespace runmat::codegen::cpu {

LogicalResult KernelEmitter::emitFinish() {
  func::FuncOp fn = createFunction(kernelFinishSymbol(id_), {ptr_, i64_, i64_, ptr_});
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

} // namespace runmat::codegen::cpu
