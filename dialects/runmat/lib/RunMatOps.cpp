// Verifiers and folders of the runmat dialect's operations.
#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "runmat/contract/LibraryFunctions.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::runmat;

#include "runmat/Dialect/RunMat/RunMatOpsEnums.cpp.inc"

#define GET_OP_CLASSES
#include "runmat/Dialect/RunMat/RunMatOps.cpp.inc"

namespace {

RankedTensorType tensorOf(Value v) { return dyn_cast<RankedTensorType>(v.getType()); }

// Extents that are constants in the IR, or dynamic.
int64_t constantIndex(Value v) {
  if (auto c = v.getDefiningOp<arith::ConstantIndexOp>())
    return c.value();
  return ShapedType::kDynamic;
}

LogicalResult verifyDynamicSizes(Operation *op, RankedTensorType result, ValueRange sizes) {
  if ((int64_t)sizes.size() != result.getNumDynamicDims())
    return op->emitOpError("needs one size operand per dynamic extent of ")
           << result << " (" << result.getNumDynamicDims() << "), got " << sizes.size();
  return success();
}

LogicalResult verifyCompatibleShape(Operation *op, ArrayRef<int64_t> expected, RankedTensorType actual,
                                    StringRef what) {
  if ((int64_t)expected.size() != actual.getRank() ||
      !llvm::all_of(llvm::zip(expected, actual.getShape()),
                    [](auto p) { return extentsCompatible(std::get<0>(p), std::get<1>(p)); })) {
    std::string e;
    llvm::raw_string_ostream os(e);
    os << "[";
    llvm::interleave(expected, os, [&](int64_t x) { ShapedType::isDynamic(x) ? os << "?" : os << x; }, "x");
    os << "]";
    return op->emitOpError() << what << " type " << actual << " does not fit the expected shape " << os.str();
  }
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Sizes
//===----------------------------------------------------------------------===//

namespace runmat_detail {
// MATLAB's colon count, shared with the runtime's definition (see RangeCountOp).
int64_t colonCount(double start, double step, double stop) {
  if (step == 0 || std::isnan(start) || std::isnan(step) || std::isnan(stop))
    return 0;
  double q = (stop - start) / step;
  if (q < 0)
    return 0;
  return (int64_t)std::floor(q + 4 * 2.220446049250313e-16 * std::max(1.0, std::fabs(q))) + 1;
}
} // namespace runmat_detail

OpFoldResult ToIndexOp::fold(FoldAdaptor adaptor) {
  // A constant that is a valid extent needs no run-time check.
  auto c = dyn_cast_or_null<FloatAttr>(adaptor.getValue());
  if (!c)
    return {};
  double v = c.getValueAsDouble();
  if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 9.0e15 || (v < 0 && !getAllowNegative()))
    return {};
  return IntegerAttr::get(IndexType::get(getContext()), (int64_t)v);
}

OpFoldResult RangeCountOp::fold(FoldAdaptor adaptor) {
  auto a = dyn_cast_or_null<FloatAttr>(adaptor.getStart()), s = dyn_cast_or_null<FloatAttr>(adaptor.getStep()),
       b = dyn_cast_or_null<FloatAttr>(adaptor.getStop());
  if (!a || !s || !b)
    return {};
  return IntegerAttr::get(IndexType::get(getContext()),
                          runmat_detail::colonCount(a.getValueAsDouble(), s.getValueAsDouble(), b.getValueAsDouble()));
}

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

LogicalResult FillOp::verify() {
  if (getValue().getType() != getType().getElementType())
    return emitOpError("fill value type ") << getValue().getType() << " differs from the element type";
  return verifyDynamicSizes(*this, getType(), getDynamicSizes());
}

LogicalResult RandOp::verify() { return verifyDynamicSizes(*this, getType(), getDynamicSizes()); }

static LogicalResult verifyRow(Operation *op, Type scalar, RankedTensorType result) {
  if (result.getRank() != 2 || result.getDimSize(0) != 1)
    return op->emitOpError("result must be a 1xN row, got ") << result;
  if (result.getElementType() != scalar)
    return op->emitOpError("result element type must be ") << scalar;
  return success();
}

LogicalResult ColonOp::verify() { return verifyRow(*this, getStart().getType(), getType()); }
LogicalResult LinspaceOp::verify() { return verifyRow(*this, getLow().getType(), getType()); }

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

LogicalResult ConvertOp::verify() {
  Type in = getOperand().getType(), out = getType();
  auto ti = dyn_cast<RankedTensorType>(in), to = dyn_cast<RankedTensorType>(out);
  if ((bool)ti != (bool)to)
    return emitOpError("converts a tensor to a tensor or a scalar to a scalar");
  if (ti && failed(verifyCompatibleShape(*this, ti.getShape(), to, "result")))
    return failure();
  return success();
}

OpFoldResult ConvertOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  // Constant host scalars convert at compile time with MATLAB's rules.
  Type out = getType();
  double v;
  if (auto f = dyn_cast_or_null<FloatAttr>(adaptor.getOperand()))
    v = f.getValueAsDouble();
  else if (auto i = dyn_cast_or_null<IntegerAttr>(adaptor.getOperand()); i && i.getType().isInteger(1))
    v = i.getValue().getBoolValue() ? 1.0 : 0.0;
  else
    return {};
  if (out.isInteger(1))
    return IntegerAttr::get(out, v != 0 ? 1 : 0);
  if (out.isF32())
    return FloatAttr::get(out, (double)(float)v);
  if (out.isF64())
    return FloatAttr::get(out, v);
  return {};
}

//===----------------------------------------------------------------------===//
// Reductions and linear algebra
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::verify() {
  RankedTensorType in = getOperand().getType();
  SmallVector<int64_t> expected(in.getShape());
  if (getDims().empty())
    return emitOpError("needs at least one dimension to reduce");
  int64_t prev = 0;
  for (int64_t d : getDims()) {
    if (d < 1 || d > in.getRank())
      return emitOpError("dimension ") << d << " is outside 1.." << in.getRank() << " (dims are 1-based)";
    if (d <= prev)
      return emitOpError("dims must be strictly increasing");
    prev = d;
    expected[d - 1] = 1;
  }
  if (getType().getElementType() != in.getElementType())
    return emitOpError("result element type must match the operand's");
  if (getKind() != ReduceKind::Max && getKind() != ReduceKind::Min && !isa<FloatType>(in.getElementType()))
    return emitOpError("sum, prod and mean need single or double operands; convert logical values first");
  return verifyCompatibleShape(*this, canonicalShape(expected), getType(), "result");
}

OpFoldResult ReduceOp::fold(FoldAdaptor) {
  // Reducing extents of 1 leaves every element as it is.
  RankedTensorType in = getOperand().getType();
  for (int64_t d : getDims())
    if (in.getDimSize(d - 1) != 1)
      return {};
  if (in == getType())
    return getOperand();
  return {};
}

LogicalResult MatmulOp::verify() {
  RankedTensorType a = getLhs().getType(), b = getRhs().getType(), c = getType();
  if (a.getRank() != 2 || b.getRank() != 2 || c.getRank() != 2)
    return emitOpError("operands and result must be 2-D");
  if (a.getElementType() != b.getElementType() || a.getElementType() != c.getElementType())
    return emitOpError("operands and result must share one element type");
  int64_t m = a.getDimSize(getTransposeLhs() ? 1 : 0), k1 = a.getDimSize(getTransposeLhs() ? 0 : 1);
  int64_t k2 = b.getDimSize(getTransposeRhs() ? 1 : 0), n = b.getDimSize(getTransposeRhs() ? 0 : 1);
  if (!extentsCompatible(k1, k2))
    return emitOpError("inner dimensions do not agree: ") << k1 << " vs " << k2;
  return verifyCompatibleShape(*this, {m, n}, c, "result");
}

LogicalResult CenteredGramOp::verify() {
  RankedTensorType a = getMatrix().getType(), mu = getCenter().getType(), g = getType();
  if (a.getRank() != 2 || mu.getRank() != 2 || g.getRank() != 2) return emitOpError("operands and result must be 2-D");
  Type e = a.getElementType();
  if (mu.getElementType() != e || g.getElementType() != e || getDivisor().getType() != e)
    return emitOpError("operands, divisor and result must share one element type");
  if (mu.getDimSize(0) != 1) return emitOpError("the center must be a row (1 x n)");
  if (!extentsCompatible(mu.getDimSize(1), a.getDimSize(1)))
    return emitOpError("the center has ") << mu.getDimSize(1) << " columns for a matrix of " << a.getDimSize(1);
  return verifyCompatibleShape(*this, {a.getDimSize(1), a.getDimSize(1)}, g, "result");
}

namespace {
// matmul(transpose(a), b) -> matmul(a, b) {transpose_lhs}: the product reads
// the operand transposed instead of materialising the transpose.
struct FoldTransposeIntoMatmul : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp op, PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    bool tl = op.getTransposeLhs(), tr = op.getTransposeRhs(), changed = false;
    if (auto t = lhs.getDefiningOp<TransposeOp>()) {
      lhs = t.getOperand();
      tl = !tl;
      changed = true;
    }
    if (auto t = rhs.getDefiningOp<TransposeOp>()) {
      rhs = t.getOperand();
      tr = !tr;
      changed = true;
    }
    if (!changed)
      return failure();
    rewriter.replaceOpWithNewOp<MatmulOp>(op, op.getType(), lhs, rhs, tl ? rewriter.getUnitAttr() : nullptr,
                                          tr ? rewriter.getUnitAttr() : nullptr);
    return success();
  }
};
} // namespace

void MatmulOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *context) {
  results.add<FoldTransposeIntoMatmul>(context);
}

namespace {
// A residency hint moves a value, not its shape: the extent of
// gpuArray(x) is x's, so kernels that read x and gpuArray(x) see one
// iteration space (and fuse as they would without the hint).
template <typename HintOp>
struct DimThroughResidencyHint : OpRewritePattern<tensor::DimOp> {
  using OpRewritePattern<tensor::DimOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::DimOp dim, PatternRewriter &rewriter) const override {
    auto hint = dim.getSource().getDefiningOp<HintOp>();
    if (!hint) return failure();
    rewriter.replaceOpWithNewOp<tensor::DimOp>(dim, hint.getOperand(), dim.getIndex());
    return success();
  }
};

// double(gather(x)) is gather(double(x)): the conversion joins the kernel
// that makes x (a reduction's epilogue, say) instead of running as a kernel
// of its own after the download; the value that reaches the host is the same.
struct ConvertBeforeGather : OpRewritePattern<ConvertOp> {
  using OpRewritePattern<ConvertOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvertOp convert, PatternRewriter &rewriter) const override {
    auto gather = convert.getOperand().getDefiningOp<ToHostOp>();
    if (!gather || !gather->hasOneUse()) return failure();
    Value converted = rewriter.create<ConvertOp>(convert.getLoc(), convert.getType(), gather.getOperand());
    rewriter.replaceOpWithNewOp<ToHostOp>(convert, converted);
    return success();
  }
};

} // namespace

void ConvertOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *context) {
  results.add<ConvertBeforeGather>(context);
}

void ToDeviceOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *context) {
  results.add<DimThroughResidencyHint<ToDeviceOp>>(context);
}

void ToHostOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *context) {
  results.add<DimThroughResidencyHint<ToHostOp>>(context);
}

LogicalResult TransposeOp::verify() {
  RankedTensorType in = getOperand().getType();
  if (in.getRank() != 2)
    return emitOpError("transposes 2-D tensors only, got ") << in;
  if (in.getElementType() != getType().getElementType())
    return emitOpError("keeps the element type");
  return verifyCompatibleShape(*this, {in.getDimSize(1), in.getDimSize(0)}, getType(), "result");
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  if (auto inner = getOperand().getDefiningOp<TransposeOp>())
    if (inner.getOperand().getType() == getType())
      return inner.getOperand();
  RankedTensorType in = getOperand().getType();
  if (in.getDimSize(0) == 1 && in.getDimSize(1) == 1 && in == getType())
    return getOperand();
  return {};
}

LogicalResult LibraryCallOp::verify() {
  const ::runmat::LibraryFunctionInfo *info = ::runmat::findLibraryFunction(getCallee().str());
  if (!info) return emitOpError("unknown library function '") << getCallee() << "'";
  if ((int)getInputs().size() != info->operands || (int)getOptions().size() != info->options ||
      (int)getNumResults() != info->results)
    return emitOpError("'") << getCallee() << "' takes " << info->operands << " operands and " << info->options
                            << " options and gives " << info->results << " results";
  return success();
}

LogicalResult QrEconOp::verify() {
  RankedTensorType a = getOperand().getType(), q = getQ().getType(), r = getR().getType();
  if (a.getRank() != 2 || q.getRank() != 2 || r.getRank() != 2)
    return emitOpError("operand and results must be 2-D");
  if (q.getElementType() != a.getElementType() || r.getElementType() != a.getElementType())
    return emitOpError("results must have the operand's element type");
  int64_t m = a.getDimSize(0), n = a.getDimSize(1);
  int64_t k = (ShapedType::isDynamic(m) || ShapedType::isDynamic(n)) ? ShapedType::kDynamic : std::min(m, n);
  if (failed(verifyCompatibleShape(*this, {m, k}, q, "Q")) || failed(verifyCompatibleShape(*this, {k, n}, r, "R")))
    return failure();
  if (!extentsCompatible(q.getDimSize(1), r.getDimSize(0)))
    return emitOpError("Q's columns and R's rows must agree");
  return success();
}

LogicalResult DiagMatrixOp::verify() {
  RankedTensorType in = getOperand().getType();
  if (in.getRank() != 2 || (in.getDimSize(0) != 1 && in.getDimSize(1) != 1))
    return emitOpError("needs a vector (an extent of 1), got ") << in;
  if (in.getElementType() != getType().getElementType())
    return emitOpError("keeps the element type");
  int64_t n = in.getDimSize(0) == 1 ? in.getDimSize(1) : in.getDimSize(0);
  return verifyCompatibleShape(*this, {n, n}, getType(), "result");
}

LogicalResult DiagExtractOp::verify() {
  RankedTensorType in = getOperand().getType();
  if (in.getRank() != 2)
    return emitOpError("needs a 2-D matrix, got ") << in;
  if (in.getElementType() != getType().getElementType())
    return emitOpError("keeps the element type");
  int64_t m = in.getDimSize(0), n = in.getDimSize(1);
  int64_t k = (ShapedType::isDynamic(m) || ShapedType::isDynamic(n)) ? ShapedType::kDynamic : std::min(m, n);
  return verifyCompatibleShape(*this, {k, 1}, getType(), "result");
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  RankedTensorType in = getOperand().getType(), out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("keeps the element type");
  if (in.hasStaticShape() && out.hasStaticShape() && in.getNumElements() != out.getNumElements())
    return emitOpError("changes the number of elements from ") << in.getNumElements() << " to "
                                                               << out.getNumElements();
  return verifyDynamicSizes(*this, out, getDynamicSizes());
}

LogicalResult ResizeOp::verify() {
  RankedTensorType in = getOperand().getType(), out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("keeps the element type");
  if (in.getRank() != out.getRank())
    return emitOpError("keeps the rank");
  for (int64_t k = 0; k < in.getRank(); ++k)
    if (!in.isDynamicDim(k) && !out.isDynamicDim(k) && out.getDimSize(k) < in.getDimSize(k))
      return emitOpError("does not shrink dimension ") << k + 1;
  return verifyDynamicSizes(*this, out, getDynamicSizes());
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType() && getType().hasStaticShape())
    return getOperand();
  return {};
}

LogicalResult SliceOp::verify() {
  RankedTensorType src = getSource().getType(), out = getType();
  int64_t rank = src.getRank();
  if ((int64_t)getOffsets().size() != rank || (int64_t)getSizes().size() != rank ||
      (int64_t)getStrides().size() != rank)
    return emitOpError("needs one offset, size and stride per dimension of the source (") << rank << ")";
  if (out.getElementType() != src.getElementType())
    return emitOpError("keeps the element type");
  if (out.getRank() > rank || out.getRank() < 2)
    return emitOpError("result rank must be between 2 and the source's");
  SmallVector<int64_t> expected;
  for (Value s : getSizes()) expected.push_back(constantIndex(s));
  for (int64_t d = out.getRank(); d < rank; ++d)
    if (!extentsCompatible(expected[d], 1))
      return emitOpError("drops dimension ") << d + 1 << ", whose size is not 1";
  expected.resize(out.getRank());
  return verifyCompatibleShape(*this, expected, out, "result");
}

LogicalResult UpdateOp::verify() {
  RankedTensorType src = getSource().getType();
  int64_t rank = src.getRank();
  if ((int64_t)getOffsets().size() != rank || (int64_t)getSizes().size() != rank ||
      (int64_t)getStrides().size() != rank)
    return emitOpError("needs one offset, size and stride per dimension of the source (") << rank << ")";
  if (getType() != src) return emitOpError("result must have the source's type");
  Type element = getValue().getType();
  if (auto t = dyn_cast<RankedTensorType>(element)) element = t.getElementType();
  if (element != src.getElementType())
    return emitOpError("value must have the source's element type (convert it first)");
  return success();
}

LogicalResult FindOp::verify() {
  RankedTensorType out = getType();
  if (out.getRank() != 2 || out.getDimSize(1) != 1 || !out.getElementType().isF64())
    return emitOpError("result must be a column of f64 (tensor<?x1xf64>)");
  return success();
}

LogicalResult TakeOp::verify() {
  RankedTensorType src = getSource().getType(), idx = getIndices().getType(), out = getType();
  if (!idx.getElementType().isF64()) return emitOpError("indexes must be f64");
  if (out.getElementType() != src.getElementType())
    return emitOpError("result must have the source's element type");
  return verifyCompatibleShape(*this, idx.getShape(), out, "result");
}

LogicalResult PutOp::verify() {
  RankedTensorType src = getSource().getType();
  if (!getIndices().getType().getElementType().isF64()) return emitOpError("indexes must be f64");
  if (getType() != src) return emitOpError("result must have the source's type");
  Type element = getValue().getType();
  if (auto t = dyn_cast<RankedTensorType>(element)) element = t.getElementType();
  if (element != src.getElementType())
    return emitOpError("value must have the source's element type (convert it first)");
  return success();
}

LogicalResult ConcatOp::verify() {
  int64_t dim = getDim();
  RankedTensorType out = getType();
  if (dim < 1 || dim > out.getRank())
    return emitOpError("dimension ") << dim << " is outside the result's rank";
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  int64_t along = 0;
  for (Value v : getInputs()) {
    RankedTensorType t = tensorOf(v);
    if (t.getRank() != out.getRank())
      return emitOpError("inputs must have the result's rank");
    if (t.getElementType() != out.getElementType())
      return emitOpError("inputs must have the result's element type (convert them first)");
    for (int64_t d = 0; d < out.getRank(); ++d) {
      if (d == dim - 1)
        continue;
      if (!extentsCompatible(t.getDimSize(d), out.getDimSize(d)))
        return emitOpError("input ") << t << " does not match the result along dimension " << d + 1;
    }
    int64_t e = t.getDimSize(dim - 1);
    along = (ShapedType::isDynamic(e) || ShapedType::isDynamic(along)) ? ShapedType::kDynamic : along + e;
  }
  if (!extentsCompatible(along, out.getDimSize(dim - 1)))
    return emitOpError("result extent along dimension ") << dim << " must be " << along;
  return success();
}

LogicalResult ToScalarOp::verify() {
  RankedTensorType in = getOperand().getType();
  if (in.getElementType() != getType())
    return emitOpError("result must be the element type ") << in.getElementType();
  for (int64_t e : in.getShape())
    if (!extentsCompatible(e, 1))
      return emitOpError("needs a 1x1 tensor, got ") << in;
  return success();
}

OpFoldResult ToScalarOp::fold(FoldAdaptor) {
  if (auto fe = getOperand().getDefiningOp<tensor::FromElementsOp>())
    if (fe.getElements().size() == 1)
      return fe.getElements()[0];
  return {};
}

LogicalResult CheckOp::canonicalize(CheckOp op, PatternRewriter &rewriter) {
  // A condition known to hold needs no check.
  if (auto c = op.getCondition().getDefiningOp<arith::ConstantIntOp>(); c && c.value() != 0) {
    rewriter.eraseOp(op);
    return success();
  }
  return failure();
}
