// Host programs call the runtime shim (runmat_abi.h); tensors become handles.
#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/codegen/cpu/CpuSymbols.h"
#include "runmat/codegen/cpu/Passes.h"

#include "llvm/ADT/StringSet.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <cstring>

namespace runmat::codegen::cpu {
#define GEN_PASS_DEF_LOWERHOSTTOLLVM
#include "runmat/codegen/cpu/Passes.h.inc"
} // namespace runmat::codegen::cpu

using namespace mlir;
namespace rm = mlir::runmat;

namespace {

// Text the artifact carries (formats, messages, names, locations), by index.
struct Strings {
  std::vector<std::string> list;
  std::map<std::string, int32_t> index;
  int32_t intern(const std::string &s) {
    auto it = index.find(s);
    if (it != index.end()) return it->second;
    list.push_back(s);
    return index[s] = (int32_t)list.size() - 1;
  }
};

std::string locationText(Location loc) {
  if (auto fl = dyn_cast<FileLineColLoc>(loc))
    return fl.getFilename().str() + ":" + std::to_string(fl.getLine()) + ":" + std::to_string(fl.getColumn());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (isa<FileLineColLoc>(l)) return locationText(l);
  return "";
}

int32_t dtypeCode(Type e) { return e.isF64() ? 0 : e.isF32() ? 1 : 2; }

struct State {
  ModuleOp module;
  Strings strings;
  Type ptr, i32, i64, f64;
  int constants = 0;

  // Declares runmat_rt1_<name> once.
  FlatSymbolRefAttr runtime(OpBuilder &b, StringRef name, TypeRange args, TypeRange results) {
    std::string full = ("runmat_rt1_" + name).str();
    if (!module.lookupSymbol<func::FuncOp>(full)) {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(module.getBody());
      auto fn = b.create<func::FuncOp>(module.getLoc(), full, b.getFunctionType(args, results));
      fn.setPrivate();
    }
    return FlatSymbolRefAttr::get(b.getContext(), full);
  }
};

// Helpers every pattern uses: the run's exec handle and runtime calls.
struct Emitter {
  State &s;
  ConversionPatternRewriter &r;
  Location loc;
  Value exec;

  Value call(StringRef name, TypeRange results, ValueRange args) {
    SmallVector<Type> argTypes;
    for (Value a : args) argTypes.push_back(a.getType());
    auto fn = s.runtime(r, name, argTypes, results);
    auto c = r.create<func::CallOp>(loc, fn, results, args);
    return c.getNumResults() ? c.getResult(0) : Value();
  }
  Value i32(int64_t v) { return r.create<arith::ConstantIntOp>(loc, v, 32); }
  Value i64(int64_t v) { return r.create<arith::ConstantIntOp>(loc, v, 64); }
  Value asI64(Value index) { return r.create<arith::IndexCastOp>(loc, s.i64, index); }
  Value asIndex(Value v) { return r.create<arith::IndexCastOp>(loc, r.getIndexType(), v); }
  Value asF64(Value v) {
    Type t = v.getType();
    if (t.isF64()) return v;
    if (t.isInteger(1)) return r.create<arith::UIToFPOp>(loc, s.f64, v);
    return r.create<arith::ExtFOp>(loc, s.f64, v);
  }
  // Scalars travel to kernels as 64-bit patterns.
  Value bits(Value v) {
    Type t = v.getType();
    if (t.isF64()) return r.create<arith::BitcastOp>(loc, s.i64, v);
    if (t.isF32()) return r.create<arith::ExtUIOp>(loc, s.i64, r.create<arith::BitcastOp>(loc, s.i32, v));
    if (t.isInteger(64)) return v;
    if (t.isIndex()) return asI64(v);
    return r.create<arith::ExtUIOp>(loc, s.i64, v);
  }
  void at(Operation *op) {
    std::string where = locationText(op->getLoc());
    if (!where.empty()) call("at", {}, {exec, i32(s.strings.intern(where))});
  }
  void pushTensor(Value t) { call("push_tensor", {}, {exec, t}); }
  void pushI64(Value v) { call("push_i64", {}, {exec, v}); }
  void pushIndex(Value v) { pushI64(asI64(v)); }
};

template <typename OpT> struct HostPattern : OpConversionPattern<OpT> {
  HostPattern(TypeConverter &tc, MLIRContext *ctx, State &s) : OpConversionPattern<OpT>(tc, ctx), state(s) {}
  State &state;
  Emitter emitter(OpT op, ConversionPatternRewriter &r) const {
    auto fn = op->template getParentOfType<func::FuncOp>();
    return Emitter{state, r, op.getLoc(), fn.getArgument(0)};
  }
};

#define HOST_PATTERN(Name, OpT)                                                                                    \
  struct Name : HostPattern<OpT> {                                                                                 \
    using HostPattern::HostPattern;                                                                                \
    LogicalResult matchAndRewrite(OpT op, OpAdaptor a, ConversionPatternRewriter &r) const override;               \
  };                                                                                                               \
  LogicalResult Name::matchAndRewrite(OpT op, OpAdaptor a, ConversionPatternRewriter &r) const

HOST_PATTERN(LaunchLowering, rm::LaunchOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  for (Value in : a.getInputs()) e.pushTensor(in);
  for (Value s : a.getScalars()) e.pushI64(e.bits(s));
  for (Value x : a.getSpace()) e.pushIndex(x);
  e.call("launch", {}, {e.exec, e.i32(op.getKernel())});
  SmallVector<Value> results;
  for (unsigned i = 0; i < op.getNumResults(); ++i) results.push_back(e.call("result", {state.ptr}, {e.exec, e.i32(i)}));
  r.replaceOp(op, results);
  return success();
}

HOST_PATTERN(ReshapeLowering, rm::ReshapeOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  unsigned k = 0;
  for (int64_t d : op.getType().getShape())
    e.pushI64(ShapedType::isDynamic(d) ? e.asI64(a.getDynamicSizes()[k++]) : e.i64(d));
  r.replaceOp(op, e.call("reshape", {state.ptr}, {e.exec, a.getOperand()}));
  return success();
}

// Like update: the shim takes over the source's reference (and grows it in
// place where it can).
HOST_PATTERN(ResizeLowering, rm::ResizeOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  unsigned k = 0;
  for (int64_t d : op.getType().getShape())
    e.pushI64(ShapedType::isDynamic(d) ? e.asI64(a.getDynamicSizes()[k++]) : e.i64(d));
  r.replaceOp(op, e.call("resize", {state.ptr}, {e.exec, a.getOperand()}));
  return success();
}

HOST_PATTERN(TransposeLowering, rm::TransposeOp) {
  Emitter e = emitter(op, r);
  r.replaceOp(op, e.call("transpose", {state.ptr}, {e.exec, a.getOperand()}));
  return success();
}

HOST_PATTERN(SliceLowering, rm::SliceOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  for (Value v : a.getOffsets()) e.pushIndex(v);
  for (Value v : a.getSizes()) e.pushIndex(v);
  for (Value v : a.getStrides()) e.pushIndex(v);
  r.replaceOp(op, e.call("slice", {state.ptr}, {e.exec, a.getSource(), e.i32(op.getType().getRank())}));
  return success();
}

// The shim writes in place when the source's storage has no other
// reference, else into a copy; either way it takes over the source's
// reference (InsertOwnership treats the source as a transfer).
HOST_PATTERN(UpdateLowering, rm::UpdateOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  for (Value v : a.getOffsets()) e.pushIndex(v);
  for (Value v : a.getSizes()) e.pushIndex(v);
  for (Value v : a.getStrides()) e.pushIndex(v);
  Value value = a.getValue();
  if (isa<RankedTensorType>(op.getValue().getType()))
    r.replaceOp(op, e.call("update", {state.ptr}, {e.exec, a.getSource(), value}));
  else
    r.replaceOp(op, e.call("update_scalar", {state.ptr}, {e.exec, a.getSource(), e.asF64(value)}));
  return success();
}

HOST_PATTERN(FindLowering, rm::FindOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  r.replaceOp(op, e.call("find", {state.ptr}, {e.exec, a.getSource(), e.asI64(a.getCount())}));
  return success();
}

HOST_PATTERN(TakeLowering, rm::TakeOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  r.replaceOp(op, e.call("take", {state.ptr}, {e.exec, a.getSource(), a.getIndices()}));
  return success();
}

// Like update: the shim takes over the source's reference.
HOST_PATTERN(PutLowering, rm::PutOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  if (isa<RankedTensorType>(op.getValue().getType()))
    r.replaceOp(op, e.call("put", {state.ptr}, {e.exec, a.getSource(), a.getIndices(), a.getValue()}));
  else
    r.replaceOp(op, e.call("put_scalar", {state.ptr}, {e.exec, a.getSource(), a.getIndices(), e.asF64(a.getValue())}));
  return success();
}

HOST_PATTERN(ConcatLowering, rm::ConcatOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  for (Value v : a.getInputs()) e.pushTensor(v);
  r.replaceOp(op, e.call("concat", {state.ptr}, {e.exec, e.i32(op.getDim())}));
  return success();
}

HOST_PATTERN(MatmulLowering, rm::MatmulOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  int flags = (op.getTransposeLhs() ? 1 : 0) | (op.getTransposeRhs() ? 2 : 0);
  r.replaceOp(op, e.call("matmul", {state.ptr}, {e.exec, a.getLhs(), a.getRhs(), e.i32(flags)}));
  return success();
}

HOST_PATTERN(CenteredGramLowering, rm::CenteredGramOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  r.replaceOp(op, e.call("gram", {state.ptr}, {e.exec, a.getMatrix(), a.getCenter(), e.asF64(a.getDivisor())}));
  return success();
}

HOST_PATTERN(QrLowering, rm::QrEconOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  e.call("qr", {}, {e.exec, a.getOperand()});
  Value q = e.call("result", {state.ptr}, {e.exec, e.i32(0)});
  Value rr = e.call("result", {state.ptr}, {e.exec, e.i32(1)});
  r.replaceOp(op, {q, rr});
  return success();
}

// Options, then tensors, on the argument stack; the shim dispatches on the
// name (runmat/contract/LibraryFunctions.h) and leaves the results.
HOST_PATTERN(LibraryCallLowering, rm::LibraryCallOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  for (int64_t o : op.getOptions()) e.pushI64(e.i64(o));
  for (Value v : a.getInputs()) e.pushTensor(v);
  e.call("library", {}, {e.exec, e.i32(state.strings.intern(op.getCallee().str()))});
  SmallVector<Value> results;
  for (unsigned i = 0; i < op.getNumResults(); ++i) results.push_back(e.call("result", {state.ptr}, {e.exec, e.i32(i)}));
  r.replaceOp(op, results);
  return success();
}

HOST_PATTERN(ToScalarLowering, rm::ToScalarOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  Value v = e.call("read", {state.f64}, {e.exec, a.getOperand()});
  Type t = op.getType();
  if (t.isF32()) v = r.create<arith::TruncFOp>(op.getLoc(), t, v);
  else if (t.isInteger(1))
    v = r.create<arith::CmpFOp>(op.getLoc(), arith::CmpFPredicate::UNE, v,
                                r.create<arith::ConstantOp>(op.getLoc(), r.getF64FloatAttr(0.0)));
  r.replaceOp(op, v);
  return success();
}

HOST_PATTERN(FromElementsLowering, tensor::FromElementsOp) {
  Emitter e = emitter(op, r);
  if (a.getElements().size() != 1) return r.notifyMatchFailure(op, "only 1x1 values are built from scalars");
  Value v = a.getElements()[0];
  r.replaceOp(op, e.call("from_scalar", {state.ptr},
                         {e.exec, e.i32(dtypeCode(op.getType().getElementType())), e.asF64(v)}));
  return success();
}

// A dense tensor constant becomes column-major data in the artifact, copied
// into a tensor when the program reaches it.
HOST_PATTERN(TensorConstantLowering, arith::ConstantOp) {
  auto type = dyn_cast<RankedTensorType>(op.getType());
  auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
  if (!type || !dense || !type.hasStaticShape()) return r.notifyMatchFailure(op, "not a static tensor constant");
  Emitter e = emitter(op, r);
  Type elem = type.getElementType();
  int64_t esize = elem.isF64() ? 8 : elem.isF32() ? 4 : 1, n = type.getNumElements(), rank = type.getRank();
  std::string bytes((size_t)(n * esize), '\0');
  auto shape = type.getShape();
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) { // k walks row-major (the attribute's order)
    int64_t rem = k;
    for (int64_t d = rank - 1; d >= 0; --d) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    int64_t col = 0, stride = 1;
    for (int64_t d = 0; d < rank; ++d) {
      col += idx[d] * stride;
      stride *= shape[d];
    }
    char *dst = bytes.data() + col * esize;
    if (elem.isF64()) {
      double v = dense.getValues<APFloat>()[k].convertToDouble();
      std::memcpy(dst, &v, 8);
    } else if (elem.isF32()) {
      float v = dense.getValues<APFloat>()[k].convertToFloat();
      std::memcpy(dst, &v, 4);
    } else {
      *dst = dense.getValues<bool>()[k] ? 1 : 0;
    }
  }
  std::string name = "runmat.constant." + std::to_string(state.constants++);
  {
    OpBuilder::InsertionGuard g(r);
    r.setInsertionPointToStart(state.module.getBody());
    auto arrayType = LLVM::LLVMArrayType::get(r.getI8Type(), bytes.size());
    r.create<LLVM::GlobalOp>(op.getLoc(), arrayType, /*isConstant=*/true, LLVM::Linkage::Private, name,
                             r.getStringAttr(bytes), /*alignment=*/16);
  }
  Value data = r.create<LLVM::AddressOfOp>(op.getLoc(), state.ptr, name);
  for (int64_t d : shape) e.pushI64(e.i64(d));
  r.replaceOp(op, e.call("constant", {state.ptr}, {e.exec, e.i32(dtypeCode(elem)), data}));
  return success();
}

HOST_PATTERN(EmptyLowering, tensor::EmptyOp) {
  Emitter e = emitter(op, r);
  e.at(op);
  unsigned k = 0;
  for (int64_t d : op.getType().getShape())
    e.pushI64(ShapedType::isDynamic(d) ? e.asI64(a.getDynamicSizes()[k++]) : e.i64(d));
  r.replaceOp(op, e.call("alloc", {state.ptr}, {e.exec, e.i32(dtypeCode(op.getType().getElementType()))}));
  return success();
}

HOST_PATTERN(DimLowering, tensor::DimOp) {
  Emitter e = emitter(op, r);
  auto k = op.getConstantIndex();
  if (!k) return r.notifyMatchFailure(op, "dimension must be constant");
  r.replaceOp(op, e.asIndex(e.call("dim", {state.i64}, {e.exec, a.getSource(), e.i32(*k)})));
  return success();
}

HOST_PATTERN(ToDeviceLowering, rm::ToDeviceOp) {
  Emitter e = emitter(op, r);
  if (!isa<RankedTensorType>(op.getType())) {
    r.replaceOp(op, a.getOperand());
    return success();
  }
  e.call("retain", {}, {e.exec, a.getOperand()});
  e.call("residency", {}, {e.exec, a.getOperand(), e.i32(1)});
  r.replaceOp(op, a.getOperand());
  return success();
}

HOST_PATTERN(ToHostLowering, rm::ToHostOp) {
  Emitter e = emitter(op, r);
  if (!isa<RankedTensorType>(op.getType())) {
    r.replaceOp(op, a.getOperand());
    return success();
  }
  e.call("retain", {}, {e.exec, a.getOperand()});
  e.call("residency", {}, {e.exec, a.getOperand(), e.i32(0)});
  r.replaceOp(op, a.getOperand());
  return success();
}

HOST_PATTERN(RetainLowering, rm::RetainOp) {
  Emitter e = emitter(op, r);
  e.call("retain", {}, {e.exec, a.getOperand()});
  r.eraseOp(op);
  return success();
}

HOST_PATTERN(ReleaseLowering, rm::ReleaseOp) {
  Emitter e = emitter(op, r);
  e.call("release", {}, {e.exec, a.getOperand()});
  r.eraseOp(op);
  return success();
}

HOST_PATTERN(CheckLowering, rm::CheckOp) {
  Emitter e = emitter(op, r);
  Value c = r.create<arith::ExtUIOp>(op.getLoc(), state.i32, a.getCondition());
  e.call("check", {}, {e.exec, c, e.i32(state.strings.intern(op.getMessage().str()))});
  r.eraseOp(op);
  return success();
}

HOST_PATTERN(PrintLowering, rm::PrintOp) {
  Emitter e = emitter(op, r);
  for (Value v : a.getArgs()) {
    if (isa<LLVM::LLVMPointerType>(v.getType())) e.pushTensor(v);
    else e.call("push_f64", {}, {e.exec, e.asF64(v)});
  }
  e.call(op.getStop() ? "fail_format" : op.getWarning() ? "warn_format" : "print", {}, {e.exec, e.i32(state.strings.intern(op.getFormat().str()))});
  r.eraseOp(op);
  return success();
}

HOST_PATTERN(DisplayLowering, rm::DisplayOp) {
  Emitter e = emitter(op, r);
  Value v = a.getOperand();
  int32_t name = op.getName() ? state.strings.intern(op.getName()->str()) : -1;
  bool scalar = !isa<RankedTensorType>(op.getOperand().getType());
  if (scalar) v = e.call("from_scalar", {state.ptr}, {e.exec, e.i32(dtypeCode(v.getType())), e.asF64(v)});
  if (std::optional<StringRef> cls = op.getIntegerClass()) {
    // The class's smallest value (intN: -2^(N-1), uintN: 0): Octave leaves
    // it out of the column width.
    bool isUnsigned = cls->starts_with("uint");
    unsigned bits = 0;
    if (cls->drop_front(isUnsigned ? 4 : 3).getAsInteger(10, bits) || bits == 0 || bits > 64)
      return op.emitOpError("unknown integer class '") << *cls << "'";
    double lo = isUnsigned ? 0.0 : -std::ldexp(1.0, (int)bits - 1);
    e.call("display_integer", {}, {e.exec, e.i32(name), v, r.create<arith::ConstantFloatOp>(op.getLoc(), APFloat(lo), r.getF64Type())});
  } else {
    e.call("display", {}, {e.exec, e.i32(name), v});
  }
  if (scalar) e.call("release", {}, {e.exec, v});
  r.eraseOp(op);
  return success();
}

HOST_PATTERN(ToIndexLowering, rm::ToIndexOp) {
  Emitter e = emitter(op, r);
  Value v = e.call("to_index", {state.i64},
                   {e.exec, e.asF64(a.getValue()), e.i32(state.strings.intern(op.getWhat().str())),
                    e.i32(op.getAllowNegative() ? 1 : 0)});
  r.replaceOp(op, e.asIndex(v));
  return success();
}

HOST_PATTERN(RangeCountLowering, rm::RangeCountOp) {
  Emitter e = emitter(op, r);
  Value v = e.call("range_count", {state.i64}, {e.asF64(a.getStart()), e.asF64(a.getStep()), e.asF64(a.getStop())});
  r.replaceOp(op, e.asIndex(v));
  return success();
}

// The runmat_entry_fn wrapper of an entry: loads parameters and inputs from
// the arrays the shim passes, calls the entry, stores its outputs.
func::FuncOp buildWrapper(OpBuilder &b, State &s, func::FuncOp entry) {
  Location loc = entry.getLoc();
  b.setInsertionPointToEnd(s.module.getBody());
  auto wrapper = b.create<func::FuncOp>(loc, ::runmat::codegen::cpu::entryWrapperSymbol(entry.getName().str()),
                                        b.getFunctionType({s.ptr, s.ptr, s.ptr, s.ptr}, {}));
  Block *block = wrapper.addEntryBlock();
  b.setInsertionPointToStart(block);
  Value exec = block->getArgument(0), params = block->getArgument(1), inputs = block->getArgument(2),
        outputs = block->getArgument(3);
  SmallVector<Value> args{exec};
  int32_t nParam = 0, nInput = 0;
  for (unsigned i = 1; i < entry.getNumArguments(); ++i) {
    Type t = entry.getArgumentTypes()[i];
    if (entry.getArgAttr(i, "runmat.input")) {
      Value addr = b.create<LLVM::GEPOp>(loc, s.ptr, s.ptr, inputs, ArrayRef<LLVM::GEPArg>{nInput++});
      args.push_back(b.create<LLVM::LoadOp>(loc, s.ptr, addr));
      continue;
    }
    Value addr = b.create<LLVM::GEPOp>(loc, s.ptr, s.f64, params, ArrayRef<LLVM::GEPArg>{nParam++});
    Value v = b.create<LLVM::LoadOp>(loc, s.f64, addr);
    if (t.isF32()) v = b.create<arith::TruncFOp>(loc, t, v);
    else if (t.isInteger(1))
      v = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, v,
                                  b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0.0)));
    args.push_back(v);
  }
  auto call = b.create<func::CallOp>(loc, entry, args);
  for (unsigned r = 0; r < call.getNumResults(); ++r) {
    Value addr = b.create<LLVM::GEPOp>(loc, s.ptr, s.ptr, outputs, ArrayRef<LLVM::GEPArg>{(int32_t)r});
    b.create<LLVM::StoreOp>(loc, call.getResult(r), addr);
  }
  b.create<func::ReturnOp>(loc);
  return wrapper;
}

struct LowerHostToLLVMPass : ::runmat::codegen::cpu::impl::LowerHostToLLVMBase<LowerHostToLLVMPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    State s;
    s.module = getOperation();
    OpBuilder b(ctx);
    s.ptr = LLVM::LLVMPointerType::get(ctx);
    s.i32 = b.getI32Type();
    s.i64 = b.getI64Type();
    s.f64 = b.getF64Type();

    SmallVector<func::FuncOp> entries;
    for (auto fn : s.module.getOps<func::FuncOp>())
      if (fn->hasAttr("runmat.kind")) entries.push_back(fn);
    // Host functions (recursions on run-time scalars) report errors and
    // print through the run's exec handle too.
    llvm::StringSet<> hostFunctions;
    SmallVector<func::FuncOp> withExec(entries);
    for (auto fn : s.module.getOps<func::FuncOp>())
      if (fn->hasAttr("runmat.host_function")) {
        hostFunctions.insert(fn.getName());
        withExec.push_back(fn);
      }
    for (func::FuncOp fn : withExec) {
      // The run's exec handle comes first.
      fn.insertArgument(0, s.ptr, DictionaryAttr::get(ctx), fn.getLoc());
    }
    s.module.walk([&](func::CallOp call) {
      if (!hostFunctions.contains(call.getCallee())) return;
      auto caller = call->getParentOfType<func::FuncOp>();
      call->insertOperands(0, caller.getArgument(0));
    });

    TypeConverter tc;
    tc.addConversion([](Type t) { return t; });
    tc.addConversion([&](RankedTensorType) -> Type { return s.ptr; });
    auto cast = [](OpBuilder &bb, Type t, ValueRange in, Location l) -> Value {
      return bb.create<UnrealizedConversionCastOp>(l, t, in).getResult(0);
    };
    tc.addSourceMaterialization(cast);
    tc.addTargetMaterialization(cast);
    tc.addArgumentMaterialization(cast);

    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, math::MathDialect, LLVM::LLVMDialect, cf::ControlFlowDialect>();
    target.addIllegalDialect<rm::RunMatDialect, tensor::TensorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
      return f->hasAttr("runmat.kernel_function") || (tc.isSignatureLegal(f.getFunctionType()) && tc.isLegal(&f.getBody()));
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>([&](Operation *op) { return tc.isLegal(op); });
    target.addDynamicallyLegalOp<arith::ConstantOp>(
        [](arith::ConstantOp c) { return !isa<RankedTensorType>(c.getType()); });
    RewritePatternSet patterns(ctx);
    scf::populateSCFStructuralTypeConversionsAndLegality(tc, patterns, target);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns, tc);
    populateReturnOpTypeConversionPattern(patterns, tc);
    populateCallOpTypeConversionPattern(patterns, tc);
    patterns.add<LaunchLowering, ReshapeLowering, ResizeLowering, TransposeLowering, SliceLowering, UpdateLowering, FindLowering, TakeLowering, PutLowering, ConcatLowering, MatmulLowering, CenteredGramLowering,
                 QrLowering, LibraryCallLowering, ToScalarLowering, FromElementsLowering, EmptyLowering, DimLowering, ToDeviceLowering,
                 ToHostLowering, RetainLowering, ReleaseLowering, CheckLowering, PrintLowering, DisplayLowering,
                 ToIndexLowering, RangeCountLowering, TensorConstantLowering>(tc, ctx, s);
    if (failed(applyPartialConversion(s.module, target, std::move(patterns)))) return signalPassFailure();

    SmallVector<Attribute> wrappers;
    for (func::FuncOp fn : entries) {
      wrappers.push_back(b.getStringAttr(buildWrapper(b, s, fn).getName()));
      fn->setAttr("llvm.linkage", LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    }
    SmallVector<Attribute> strings;
    for (const std::string &str : s.strings.list) strings.push_back(b.getStringAttr(str));
    s.module->setAttr("runmat.strings", b.getArrayAttr(strings));
    s.module->setAttr("runmat.entries", b.getArrayAttr(wrappers));
  }
};

} // namespace
