// Size expressions as LLVM IR (SizeFunctions.h). The arithmetic is in
// doubles, as MATLAB computes sizes from its parameters.
#include "SizeFunctions.h"

#include "runmat/support/Diagnostic.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"

#include <algorithm>

namespace runmat::codegen {

namespace {

class SizeEmitter {
public:
  SizeEmitter(llvm::IRBuilder<> &b, llvm::Value *params, const std::vector<std::string> &names)
      : b_(b), params_(params), names_(names) {}

  llvm::Value *emit(const SizeExpr &e) {
    using K = SizeExpr::Kind;
    switch (e.kind) {
    case K::Number: return llvm::ConstantFP::get(b_.getDoubleTy(), e.value);
    case K::Param: return param(e.name);
    case K::Add: return b_.CreateFAdd(emit(e.args[0]), emit(e.args[1]));
    case K::Sub: return b_.CreateFSub(emit(e.args[0]), emit(e.args[1]));
    case K::Mul: return b_.CreateFMul(emit(e.args[0]), emit(e.args[1]));
    case K::Div: return b_.CreateFDiv(emit(e.args[0]), emit(e.args[1]));
    case K::Min: return b_.CreateBinaryIntrinsic(llvm::Intrinsic::minnum, emit(e.args[0]), emit(e.args[1]));
    case K::Max: return b_.CreateBinaryIntrinsic(llvm::Intrinsic::maxnum, emit(e.args[0]), emit(e.args[1]));
    case K::Floor: return b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, emit(e.args[0]));
    case K::Ceil: return b_.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, emit(e.args[0]));
    case K::Unknown:
    case K::InputSize: break;
    }
    throw CompileError(SourceLoc{}, "internal error: buffer size '" + e.spelling() + "' is not an expression of the parameters");
  }

private:
  llvm::Value *param(const std::string &name) {
    auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) throw CompileError(SourceLoc{}, "internal error: buffer size names an unknown parameter '" + name + "'");
    llvm::Value *at = b_.CreateConstInBoundsGEP1_64(b_.getDoubleTy(), params_, (uint64_t)(it - names_.begin()));
    return b_.CreateLoad(b_.getDoubleTy(), at, name);
  }

  llvm::IRBuilder<> &b_;
  llvm::Value *params_;
  const std::vector<std::string> &names_;
};

} // namespace

llvm::Function *emitSizesFunction(llvm::Module &m, const EntryBuffers &buffers, const llvm::Twine &name) {
  llvm::LLVMContext &c = m.getContext();
  auto *ptr = llvm::PointerType::getUnqual(c);
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(c), {ptr, ptr}, false);
  auto *f = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage, name, m);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(c, "entry", f));
  SizeEmitter emitter(b, f->getArg(0), buffers.params);
  for (size_t i = 0; i < buffers.bytes.size(); ++i)
    b.CreateStore(emitter.emit(buffers.bytes[i]), b.CreateConstInBoundsGEP1_64(b.getDoubleTy(), f->getArg(1), i));
  b.CreateRetVoid();
  return f;
}

} // namespace runmat::codegen
