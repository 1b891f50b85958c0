// Explained variance: diag(X * Y) needs only the diagonal, so it becomes
// column dot products, sum(X.' .* Y, 1).', and the k x k product is never
// computed. For PCA's diag(Q.' * G * Q) = diag((Q.' * G) * Q) the rows of
// Q.' * G are the columns of G.' * Q, so what remains is one d x k product
// (G.' * Q) and one map-reduce kernel over it and Q.
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "explained-variance";

// op(X).', as a value computed without forming op(X) when X is itself a
// transposed operand or a product; null when it would need a transpose.
Value transposedOperand(OpBuilder &b, Value x, bool transposed) {
  if (transposed) return x; // op(X) = X.', so op(X).' = X
  if (auto t = x.getDefiningOp<rm::TransposeOp>()) return t.getOperand();
  if (auto m = x.getDefiningOp<rm::MatmulOp>()) {
    // (op(U) op(V)).' = op(V).' op(U).': the same operands, swapped, with
    // their transposition flags flipped.
    auto type = cast<RankedTensorType>(x.getType());
    auto swapped = RankedTensorType::get({type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
    return b.create<rm::MatmulOp>(m.getLoc(), swapped, m.getRhs(), m.getLhs(),
                                  m.getTransposeRhs() ? UnitAttr() : b.getUnitAttr(),
                                  m.getTransposeLhs() ? UnitAttr() : b.getUnitAttr());
  }
  return {};
}

// Where extent d of `v` comes from: through transposes and products, the
// operand dimension it is (so two extents with one source are equal).
std::pair<Value, int64_t> extentSource(Value v, int64_t d) {
  if (auto t = v.getDefiningOp<rm::TransposeOp>()) return extentSource(t.getOperand(), 1 - d);
  if (auto m = v.getDefiningOp<rm::MatmulOp>()) {
    if (d == 0) return extentSource(m.getLhs(), m.getTransposeLhs() ? 1 : 0);
    return extentSource(m.getRhs(), m.getTransposeRhs() ? 0 : 1);
  }
  return {v, d};
}

std::string refusal(rm::DiagExtractOp diag, rm::MatmulOp &product) {
  product = diag.getOperand().getDefiningOp<rm::MatmulOp>();
  if (!product) return "its matrix is not a product";
  auto type = cast<RankedTensorType>(product.getType());
  bool square = (!type.isDynamicDim(0) && type.getDimSize(0) == type.getDimSize(1)) ||
                extentSource(product, 0) == extentSource(product, 1);
  if (!square) return "the product is not known to be square";
  auto x = product.getLhs();
  if (!product.getTransposeLhs() && !x.getDefiningOp<rm::TransposeOp>() && !x.getDefiningOp<rm::MatmulOp>())
    return "the product's left operand is neither transposed nor a product, so its rows are not columns of "
           "anything computed";
  return "";
}

} // namespace

bool fuseExplainedVariance(func::FuncOp fn, FusionLog &log) {
  bool changed = false;
  SmallVector<rm::DiagExtractOp> diags;
  fn.walk([&](rm::DiagExtractOp d) { diags.push_back(d); });
  for (rm::DiagExtractOp diag : diags) {
    std::string where = diag->getName().getStringRef().str() + " " + locationOf(diag);
    rm::MatmulOp product;
    std::string why = refusal(diag, product);
    if (!why.empty()) {
      log.reject(kPattern, where, why);
      continue;
    }
    OpBuilder b(diag);
    Location loc = diag.getLoc();
    Value xt = transposedOperand(b, product.getLhs(), product.getTransposeLhs());
    Value y = product.getRhs();
    if (product.getTransposeRhs()) {
      auto t = cast<RankedTensorType>(y.getType());
      y = b.create<rm::TransposeOp>(loc, RankedTensorType::get({t.getDimSize(1), t.getDimSize(0)}, t.getElementType()), y);
    }
    // sum(X.' .* Y, 1): a 1 x k row; its transpose is the diagonal's column.
    auto xtType = cast<RankedTensorType>(xt.getType()), yType = cast<RankedTensorType>(y.getType());
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < 2; ++d) {
      int64_t a = xtType.getDimSize(d), c = yType.getDimSize(d);
      shape.push_back(a == c ? a : (ShapedType::isDynamic(a) ? c : a));
    }
    Type e = xtType.getElementType();
    Value prod = b.create<rm::MulOp>(loc, RankedTensorType::get(shape, e), xt, y);
    Value row = b.create<rm::ReduceOp>(loc, RankedTensorType::get({1, shape[1]}, e), rm::ReduceKind::Sum, prod,
                                       b.getDenseI64ArrayAttr({1}));
    Value column = b.create<rm::TransposeOp>(loc, diag.getType(), row);
    SmallVector<std::string> covers{where, product->getName().getStringRef().str() + " " + locationOf(product)};
    if (auto inner = product.getLhs().getDefiningOp<rm::MatmulOp>())
      covers.push_back(inner->getName().getStringRef().str() + " " + locationOf(inner));
    diag.replaceAllUsesWith(column);
    diag.erase();
    log.fire(kPattern, std::vector<std::string>(covers.begin(), covers.end()));
    changed = true;
  }
  return changed;
}

} // namespace runmat::patterns
