// Centered Gram: mu = mean(A, 1); C = A - mu; G = (C.' * C) / s becomes
// runmat.centered_gram A, mu, s: one symmetric rank-k product that
// subtracts the column means as it loads A and divides in its epilogue. C
// is never stored unless something else reads it (then its own kernel
// stays for that reader).
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "centered-gram";

struct Match {
  Value matrix, mean, divisor;
  Operation *result; // the division, or the product when there is none
  SmallVector<Operation *> covered;
};

std::string describe(Operation *op) { return op->getName().getStringRef().str() + " " + locationOf(op); }

// Why `product` is not the Gram matrix of a column-centered matrix.
std::string refusal(rm::MatmulOp product, Match &m) {
  if (product.getLhs() != product.getRhs() || !product.getTransposeLhs() || product.getTransposeRhs())
    return "it is not C.' * C of one matrix";
  auto sub = product.getLhs().getDefiningOp<rm::SubOp>();
  if (!sub) return "its matrix is not a difference A - mu";
  auto mean = sub.getRhs().getDefiningOp<rm::ReduceOp>();
  if (!mean || mean.getKind() != rm::ReduceKind::Mean) return "what it subtracts is not a mean";
  if (mean.getOperand() != sub.getLhs()) return "what it subtracts is the mean of another matrix";
  if (mean.getDims() != ArrayRef<int64_t>{1}) return "what it subtracts is not the column mean (mean(A, 1))";
  auto a = cast<RankedTensorType>(sub.getLhs().getType());
  if (a.getRank() != 2 || sub.getType() != a) return "the centered matrix is not 2-D of A's shape";
  m.matrix = sub.getLhs();
  m.mean = mean.getResult();
  m.result = product;
  m.covered = {product, sub, mean};
  // A division by a scalar of the element type becomes the epilogue.
  if (product->hasOneUse())
    if (auto div = dyn_cast<rm::DivOp>(*product->getUsers().begin());
        div && div.getLhs() == product.getResult() && div.getRhs().getType() == a.getElementType() &&
        div.getType() == product.getType()) {
      m.divisor = div.getRhs();
      m.result = div;
      m.covered.insert(m.covered.begin(), div);
    }
  return "";
}

} // namespace

bool fuseCenteredGram(func::FuncOp fn, FusionLog &log) {
  bool changed = false;
  SmallVector<rm::MatmulOp> products;
  fn.walk([&](rm::MatmulOp p) { products.push_back(p); });
  for (rm::MatmulOp product : products) {
    Match m;
    std::string why = refusal(product, m);
    if (!why.empty()) {
      log.reject(kPattern, describe(product), why);
      continue;
    }
    OpBuilder b(m.result);
    Location loc = product.getLoc();
    Type e = cast<RankedTensorType>(m.matrix.getType()).getElementType();
    Value divisor = m.divisor ? m.divisor : b.create<arith::ConstantOp>(loc, b.getFloatAttr(e, 1.0)).getResult();
    auto gram = b.create<rm::CenteredGramOp>(loc, m.result->getResult(0).getType(), m.matrix, m.mean, divisor);
    std::vector<std::string> covers;
    for (Operation *op : m.covered) covers.push_back(describe(op));
    m.result->getResult(0).replaceAllUsesWith(gram.getResult());
    // The division and the product go; the difference stays for other
    // readers, if any (then dead code removal leaves it alone).
    if (m.result != product.getOperation()) m.result->erase();
    product.erase();
    log.fire(kPattern, covers);
    changed = true;
  }
  return changed;
}

} // namespace runmat::patterns
