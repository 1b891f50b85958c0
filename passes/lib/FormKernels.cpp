// Tensor ops become runmat.kernel ops: one iteration space and one scalar
// body per op. See Passes.td.
#include "runmat/Dialect/RunMat/ScalarSemantics.h"
#include "runmat/Passes/Passes.h"

#include "mlir/IR/Builders.h"

namespace runmat {
#define GEN_PASS_DEF_FORMKERNELS
#include "runmat/Passes/Passes.h.inc"
} // namespace runmat

using namespace mlir;
namespace rm = mlir::runmat;

namespace {

std::string describe(Operation *op) {
  std::string s = op->getName().getStringRef().str();
  if (auto fl = dyn_cast<FileLineColLoc>(op->getLoc()))
    s += " " + fl.getFilename().str() + ":" + std::to_string(fl.getLine()) + ":" + std::to_string(fl.getColumn());
  return s;
}

class KernelBuilder {
public:
  KernelBuilder(Operation *op) : op_(op), b_(op), loc_(op->getLoc()) {}

  Value constIndex(int64_t v) { return b_.create<arith::ConstantIndexOp>(loc_, v); }

  // The extent of dimension d of a value (1 beyond its rank).
  Value extentOf(Value v, int64_t d) {
    auto t = cast<RankedTensorType>(v.getType());
    if (d >= t.getRank()) return constIndex(1);
    if (!t.isDynamicDim(d)) return constIndex(t.getDimSize(d));
    return b_.create<tensor::DimOp>(loc_, v, d);
  }

  // MATLAB's implicit expansion of extents along one dimension: a static
  // extent other than 1 decides; dynamic ones are checked against it at run time.
  Value expandedExtent(ArrayRef<Value> tensors, int64_t d, int64_t resultStatic) {
    SmallVector<Value> dynamic;
    int64_t fixed = 1;
    for (Value v : tensors) {
      auto t = cast<RankedTensorType>(v.getType());
      int64_t e = d < t.getRank() ? t.getDimSize(d) : 1;
      if (ShapedType::isDynamic(e)) dynamic.push_back(b_.create<tensor::DimOp>(loc_, v, d));
      else if (e != 1) fixed = e;
    }
    if (!ShapedType::isDynamic(resultStatic)) fixed = resultStatic;
    Value r = constIndex(fixed);
    Value one = constIndex(1);
    if (dynamic.empty()) return r;
    if (fixed == 1 && dynamic.size() == 1) return dynamic[0]; // nothing to disagree with
    if (fixed == 1) {
      // All candidates dynamic: the first that is not 1 decides.
      for (Value e : dynamic) {
        Value isOne = b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::eq, r, one);
        r = b_.create<arith::SelectOp>(loc_, isOne, e, r);
      }
    }
    // When all are dynamic the first agrees with the result by construction.
    for (Value e : ArrayRef<Value>(dynamic).drop_front(fixed == 1 ? 1 : 0)) {
      Value ok = b_.create<arith::OrIOp>(loc_, b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::eq, e, one),
                                         b_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::eq, e, r));
      b_.create<rm::CheckOp>(loc_, ok,
                             b_.getStringAttr("the operands of " + describe(op_) +
                                              " do not expand to a common size along dimension " +
                                              std::to_string(d + 1)));
    }
    return r;
  }

  // Extents of a result type given the dynamic sizes of its creating op.
  SmallVector<Value> extentsFromSizes(RankedTensorType t, ValueRange dynamicSizes) {
    SmallVector<Value> out;
    unsigned k = 0;
    for (int64_t e : t.getShape()) out.push_back(ShapedType::isDynamic(e) ? dynamicSizes[k++] : constIndex(e));
    return out;
  }

  // Creates the kernel and its body block; `fill` builds the body.
  rm::KernelOp build(TypeRange results, ArrayRef<Value> space, ArrayRef<Value> inputs,
                     ArrayRef<SmallVector<int64_t>> maps, ArrayRef<Value> scalars, ArrayRef<int64_t> reduceDims,
                     ArrayRef<rm::ReduceKind> combiners,
                     function_ref<SmallVector<Value>(OpBuilder &, ValueRange idx, ValueRange ext, ValueRange in,
                                                     ValueRange sc)>
                         body) {
    SmallVector<Attribute> mapAttrs, combinerAttrs;
    for (const auto &m : maps) mapAttrs.push_back(b_.getDenseI64ArrayAttr(m));
    for (rm::ReduceKind k : combiners) combinerAttrs.push_back(b_.getI32IntegerAttr((int32_t)k));
    auto kernel = b_.create<rm::KernelOp>(loc_, results, space, inputs, scalars, b_.getArrayAttr(mapAttrs),
                                          b_.getDenseI64ArrayAttr(reduceDims), b_.getArrayAttr(combinerAttrs),
                                          b_.getStringAttr(describe(op_)));
    SmallVector<Type> argTypes(2 * space.size(), b_.getIndexType());
    for (Value v : inputs) argTypes.push_back(cast<RankedTensorType>(v.getType()).getElementType());
    for (Value v : scalars) argTypes.push_back(v.getType());
    SmallVector<Location> locs(argTypes.size(), loc_);
    OpBuilder::InsertionGuard guard(b_);
    Block *block = b_.createBlock(&kernel.getBody(), {}, argTypes, locs);
    size_t r = space.size();
    ValueRange args = block->getArguments();
    SmallVector<Value> yields = body(b_, args.take_front(r), args.slice(r, r), args.slice(2 * r, inputs.size()),
                                     args.drop_front(2 * r + inputs.size()));
    b_.create<rm::YieldOp>(loc_, yields);
    return kernel;
  }

  OpBuilder &builder() { return b_; }
  Location loc() const { return loc_; }

private:
  Operation *op_;
  OpBuilder b_;
  Location loc_;
};

SmallVector<int64_t> identityMap(Value v) {
  SmallVector<int64_t> m;
  for (int64_t d = 0; d < cast<RankedTensorType>(v.getType()).getRank(); ++d) m.push_back(d);
  return m;
}

// Column-major linear index of a point as i64 (for random draws).
Value linearIndex(OpBuilder &b, Location loc, ValueRange idx, ValueRange ext) {
  Value lin = b.create<arith::ConstantIndexOp>(loc, 0);
  Value stride = b.create<arith::ConstantIndexOp>(loc, 1);
  for (size_t p = 0; p < idx.size(); ++p) {
    lin = b.create<arith::AddIOp>(loc, lin, b.create<arith::MulIOp>(loc, idx[p], stride));
    stride = b.create<arith::MulIOp>(loc, stride, ext[p]);
  }
  return b.create<arith::IndexCastOp>(loc, b.getI64Type(), lin);
}

Value indexToFloat(OpBuilder &b, Location loc, Value i, Type t) {
  return b.create<arith::UIToFPOp>(loc, t, b.create<arith::IndexCastOp>(loc, b.getI64Type(), i));
}

LogicalResult formElementwise(Operation *op) {
  KernelBuilder kb(op);
  auto rt = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<Value> tensors, scalars;
  for (Value v : op->getOperands()) (isa<RankedTensorType>(v.getType()) ? tensors : scalars).push_back(v);
  int64_t rank = rt.getRank();
  for (Value v : tensors) rank = std::max<int64_t>(rank, cast<RankedTensorType>(v.getType()).getRank());
  SmallVector<Value> space;
  for (int64_t d = 0; d < rank; ++d)
    space.push_back(kb.expandedExtent(tensors, d, d < rt.getRank() ? rt.getDimSize(d) : 1));
  SmallVector<SmallVector<int64_t>> maps;
  for (Value v : tensors) maps.push_back(identityMap(v));
  auto kernel = kb.build({rt}, space, tensors, maps, scalars, {}, {},
                         [&](OpBuilder &b, ValueRange, ValueRange, ValueRange in, ValueRange sc) {
                           SmallVector<Value> operands;
                           unsigned t = 0, s = 0;
                           for (Value v : op->getOperands())
                             operands.push_back(isa<RankedTensorType>(v.getType()) ? in[t++] : sc[s++]);
                           return SmallVector<Value>{
                               rm::emitElement(b, op->getLoc(), op, operands, rt.getElementType())};
                         });
  op->getResult(0).replaceAllUsesWith(kernel.getResult(0));
  op->erase();
  return success();
}

LogicalResult formReduce(rm::ReduceOp op) {
  KernelBuilder kb(op);
  Value x = op.getOperand();
  auto xt = cast<RankedTensorType>(x.getType());
  SmallVector<Value> space;
  for (int64_t d = 0; d < xt.getRank(); ++d) space.push_back(kb.extentOf(x, d));
  SmallVector<int64_t> reduce;
  for (int64_t d : op.getDims()) reduce.push_back(d - 1);
  rm::ReduceKind kind = op.getKind() == rm::ReduceKind::Mean ? rm::ReduceKind::Sum : op.getKind();
  auto kernel = kb.build({op.getType()}, space, {x}, {identityMap(x)}, {}, reduce, {kind},
                         [&](OpBuilder &, ValueRange, ValueRange, ValueRange in, ValueRange) {
                           return SmallVector<Value>{in[0]};
                         });
  // Epilogue: the accumulator, divided by the count for mean.
  OpBuilder &b = kb.builder();
  OpBuilder::InsertionGuard guard(b);
  Type e = xt.getElementType();
  SmallVector<Type> argTypes{e};
  argTypes.append(space.size(), b.getIndexType());
  SmallVector<Location> locs(argTypes.size(), op.getLoc());
  Block *epi = b.createBlock(&kernel.getEpilogue(), {}, argTypes, locs);
  Value result = epi->getArgument(0);
  if (op.getKind() == rm::ReduceKind::Mean) {
    Value count = b.create<arith::ConstantIndexOp>(op.getLoc(), 1);
    for (int64_t d : reduce) count = b.create<arith::MulIOp>(op.getLoc(), count, epi->getArgument(1 + d));
    result = b.create<arith::DivFOp>(op.getLoc(), result, indexToFloat(b, op.getLoc(), count, e));
  }
  b.create<rm::YieldOp>(op.getLoc(), ValueRange{result});
  op.getResult().replaceAllUsesWith(kernel.getResult(0));
  op.erase();
  return success();
}

template <typename OpT>
LogicalResult formGenerator(OpT op, ValueRange dynamicSizes, SmallVector<Value> scalars,
                            function_ref<Value(OpBuilder &, Location, ValueRange, ValueRange, ValueRange)> element) {
  KernelBuilder kb(op);
  auto rt = cast<RankedTensorType>(op.getType());
  SmallVector<Value> space = kb.extentsFromSizes(rt, dynamicSizes);
  auto kernel = kb.build({rt}, space, {}, {}, scalars, {}, {},
                         [&](OpBuilder &b, ValueRange idx, ValueRange ext, ValueRange, ValueRange sc) {
                           return SmallVector<Value>{element(b, op.getLoc(), idx, ext, sc)};
                         });
  op.getResult().replaceAllUsesWith(kernel.getResult(0));
  op.erase();
  return success();
}

// The dimension along which a vector type lies: its one extent that is
// not a static 1 (-1 when there are several, or none).
int64_t vectorDimension(RankedTensorType t) {
  int64_t dim = -1;
  for (int64_t d = 0; d < t.getRank(); ++d) {
    if (t.getDimSize(d) == 1) continue;
    if (dim >= 0) return -1;
    dim = d;
  }
  return dim;
}

// A range reshaped to lie along another dimension, as index fields are made
// (reshape(0:B-1, [B 1 1])): the generator is formed in the reshaped shape,
// its element a function of the index along that dimension, so it fuses
// into its readers like any cheap elementwise producer (a separate range
// kernel and a reshape otherwise stand between them). One range may feed
// several such reshapes (0:d-1 made twice is one value): each gets its own.
void formRangeInReshape(rm::ColonOp c, rm::ReshapeOp reshape, int64_t along) {
  auto rt = cast<RankedTensorType>(reshape.getType());
  KernelBuilder kb(c); // named after the range, placed where the reshape is
  OpBuilder &b = kb.builder();
  b.setInsertionPoint(reshape);
  Location loc = reshape.getLoc();
  // The reshape's element-count check, kept: the range's count against the
  // extent it is given.
  Value extent = rt.isDynamicDim(along) ? reshape.getDynamicSizes()[0] : kb.constIndex(rt.getDimSize(along));
  if (extent != c.getCount()) {
    Value same = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, extent, c.getCount());
    b.create<rm::CheckOp>(loc, same, b.getStringAttr("reshape of a range of the wrong length (the number of "
                                                     "elements must not change)"));
  }
  Type e = rt.getElementType();
  SmallVector<Value> space = kb.extentsFromSizes(rt, reshape.getDynamicSizes());
  auto kernel = kb.build({rt}, space, {}, {}, {c.getStart(), c.getStep()}, {}, {},
                         [&](OpBuilder &bb, ValueRange idx, ValueRange, ValueRange, ValueRange sc) {
                           Value i = indexToFloat(bb, loc, idx[along], e);
                           return SmallVector<Value>{
                               bb.create<arith::AddFOp>(loc, sc[0], bb.create<arith::MulFOp>(loc, i, sc[1]))};
                         });
  reshape.getResult().replaceAllUsesWith(kernel.getResult(0));
  reshape.erase();
}

// Forms the range's vector reshapes in place; succeeds when no other use of
// the range is left (then it is erased).
LogicalResult formColonInItsReshapes(rm::ColonOp c) {
  SmallVector<std::pair<rm::ReshapeOp, int64_t>> reshapes;
  for (Operation *user : c->getUsers())
    if (auto r = dyn_cast<rm::ReshapeOp>(user))
      if (int64_t along = vectorDimension(cast<RankedTensorType>(r.getType())); along >= 0)
        reshapes.push_back({r, along});
  for (auto [r, along] : reshapes) formRangeInReshape(c, r, along);
  if (!c->use_empty()) return failure();
  c.erase();
  return success();
}

LogicalResult formOp(Operation *op) {
  if (rm::isElementwiseOp(op)) {
    if (!isa<RankedTensorType>(op->getResult(0).getType())) return success();
    return formElementwise(op);
  }
  if (auto r = dyn_cast<rm::ReduceOp>(op)) return formReduce(r);
  if (auto f = dyn_cast<rm::FillOp>(op))
    return formGenerator(f, f.getDynamicSizes(), {f.getValue()},
                         [](OpBuilder &, Location, ValueRange, ValueRange, ValueRange sc) { return sc[0]; });
  if (auto r = dyn_cast<rm::RandOp>(op)) {
    auto dist = r.getDistribution();
    Type e = r.getType().getElementType();
    return formGenerator(r, r.getDynamicSizes(), {r.getSeed(), r.getStream()},
                         [&](OpBuilder &b, Location loc, ValueRange idx, ValueRange ext, ValueRange sc) -> Value {
                           return b.create<rm::RandomOp>(loc, e, dist, sc[0], sc[1], linearIndex(b, loc, idx, ext));
                         });
  }
  if (auto c = dyn_cast<rm::ColonOp>(op)) {
    if (succeeded(formColonInItsReshapes(c))) return success();
    KernelBuilder kb(op);
    SmallVector<Value> sizes;
    if (c.getType().isDynamicDim(1)) sizes.push_back(c.getCount());
    Type e = c.getType().getElementType();
    return formGenerator(c, sizes, {c.getStart(), c.getStep()},
                         [&](OpBuilder &b, Location loc, ValueRange idx, ValueRange, ValueRange sc) -> Value {
                           Value i = indexToFloat(b, loc, idx[1], e);
                           return b.create<arith::AddFOp>(loc, sc[0], b.create<arith::MulFOp>(loc, i, sc[1]));
                         });
  }
  if (auto l = dyn_cast<rm::LinspaceOp>(op)) {
    SmallVector<Value> sizes;
    if (l.getType().isDynamicDim(1)) sizes.push_back(l.getCount());
    Type e = l.getType().getElementType();
    return formGenerator(l, sizes, {l.getLow(), l.getHigh()},
                         [&](OpBuilder &b, Location loc, ValueRange idx, ValueRange ext, ValueRange sc) -> Value {
                           // low + i*(high-low)/(n-1), with the last point exactly high.
                           Value one = b.create<arith::ConstantIndexOp>(loc, 1);
                           Value last = b.create<arith::SubIOp>(loc, ext[1], one);
                           Value i = indexToFloat(b, loc, idx[1], e), n1 = indexToFloat(b, loc, last, e);
                           Value span = b.create<arith::SubFOp>(loc, sc[1], sc[0]);
                           Value v = b.create<arith::AddFOp>(
                               loc, sc[0], b.create<arith::DivFOp>(loc, b.create<arith::MulFOp>(loc, i, span), n1));
                           Value isLast = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, idx[1], last);
                           return b.create<arith::SelectOp>(loc, isLast, sc[1], v);
                         });
  }
  if (auto d = dyn_cast<rm::DiagExtractOp>(op)) {
    // The diagonal of an m x n matrix is a strided view of its elements:
    // min(m, n) of them from 0, m + 1 apart.
    KernelBuilder kb(op);
    OpBuilder &b = kb.builder();
    Location loc = d.getLoc();
    Value x = d.getOperand();
    auto xt = cast<RankedTensorType>(x.getType());
    Value m = kb.extentOf(x, 0), n = kb.extentOf(x, 1);
    Value count = b.create<arith::MulIOp>(loc, m, n);
    int64_t staticCount = xt.hasStaticShape() ? xt.getNumElements() : ShapedType::kDynamic;
    auto column = RankedTensorType::get({staticCount, 1}, xt.getElementType());
    SmallVector<Value> sizes;
    if (ShapedType::isDynamic(staticCount)) sizes.push_back(count);
    Value flat = b.create<rm::ReshapeOp>(loc, column, x, sizes);
    Value zero = kb.constIndex(0), one = kb.constIndex(1);
    Value k = b.create<arith::MinUIOp>(loc, m, n);
    Value step = b.create<arith::AddIOp>(loc, m, one);
    Value diag = b.create<rm::SliceOp>(loc, d.getType(), flat, ValueRange{zero, zero}, ValueRange{k, one},
                                       ValueRange{step, one});
    d.getResult().replaceAllUsesWith(diag);
    d.erase();
    return success();
  }
  if (auto d = dyn_cast<rm::DiagMatrixOp>(op)) {
    KernelBuilder kb(op);
    Value v = d.getOperand();
    auto vt = cast<RankedTensorType>(v.getType());
    bool column = vt.getDimSize(1) == 1;
    Value n = kb.extentOf(v, column ? 0 : 1);
    SmallVector<int64_t> map = column ? SmallVector<int64_t>{0, -1} : SmallVector<int64_t>{-1, 0};
    Type e = vt.getElementType();
    auto kernel = kb.build({d.getType()}, {n, n}, {v}, {map}, {}, {}, {},
                           [&](OpBuilder &b, ValueRange idx, ValueRange, ValueRange in, ValueRange) {
                             Location loc = d.getLoc();
                             Value onDiag = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, idx[0], idx[1]);
                             Value zero = e.isInteger(1) ? (Value)b.create<arith::ConstantIntOp>(loc, 0, 1)
                                                         : (Value)b.create<arith::ConstantOp>(loc, b.getFloatAttr(e, 0.0));
                             return SmallVector<Value>{b.create<arith::SelectOp>(loc, onDiag, in[0], zero)};
                           });
    d.getResult().replaceAllUsesWith(kernel.getResult(0));
    d.erase();
    return success();
  }
  return success();
}

struct FormKernelsPass : ::runmat::impl::FormKernelsBase<FormKernelsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> work;
    getOperation().walk([&](Operation *op) {
      if (op->getParentOfType<rm::KernelOp>()) return;
      if (rm::isElementwiseOp(op) || isa<rm::ReduceOp, rm::FillOp, rm::RandOp, rm::ColonOp, rm::LinspaceOp,
                                         rm::DiagMatrixOp, rm::DiagExtractOp>(op))
        work.push_back(op);
    });
    for (Operation *op : work)
      if (failed(formOp(op))) return signalPassFailure();
  }
};

} // namespace
