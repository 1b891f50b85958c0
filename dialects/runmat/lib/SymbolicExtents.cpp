#include "runmat/Dialect/RunMat/SymbolicExtents.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat {

namespace {

constexpr int kDepth = 24;

std::string number(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string binary(const std::string &a, const char *op, const std::string &b) {
  if (a == "?" || b == "?") return "?";
  if (std::string(op) == "*") {
    if (a == "1") return b;
    if (b == "1") return a;
  }
  return "(" + a + op + b + ")";
}

std::string scalarExpr(Value v, int depth);
std::string indexExpr(Value v, int depth);

std::string tensorExpr(Value t, int64_t dim, int depth) {
  if (depth > kDepth) return "?";
  auto type = dyn_cast<RankedTensorType>(t.getType());
  if (!type) return "?";
  if (dim >= type.getRank()) return "1";
  if (!type.isDynamicDim(dim)) return number((double)type.getDimSize(dim));
  if (auto arg = dyn_cast<BlockArgument>(t)) {
    Operation *parent = arg.getOwner()->getParentOp();
    if (auto fn = dyn_cast<func::FuncOp>(parent)) {
      if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "runmat.input"))
        return "size(" + name.str() + "," + std::to_string(dim + 1) + ")";
      return "?";
    }
    if (auto loop = dyn_cast<scf::ForOp>(parent)) // loop-carried tensors keep their shape
      if (arg.getArgNumber() >= 1) return tensorExpr(loop.getInitArgs()[arg.getArgNumber() - 1], dim, depth + 1);
    if (auto loop = dyn_cast<scf::WhileOp>(parent)) return tensorExpr(loop.getInits()[arg.getArgNumber()], dim, depth + 1);
    return "?";
  }
  Operation *op = t.getDefiningOp();
  auto result = cast<OpResult>(t);
  if (auto k = dyn_cast<rm::KernelOp>(op)) {
    if (llvm::is_contained(k.getReduceDims(), dim)) return "1";
    return indexExpr(k.getSpace()[dim], depth + 1);
  }
  if (auto l = dyn_cast<rm::LaunchOp>(op)) {
    if (llvm::is_contained(l.getReduceDims(), dim)) return "1";
    return indexExpr(l.getSpace()[dim], depth + 1);
  }
  if (auto loop = dyn_cast<scf::ForOp>(op)) return tensorExpr(loop.getInitArgs()[result.getResultNumber()], dim, depth + 1);
  if (auto m = dyn_cast<rm::MatmulOp>(op)) {
    if (dim == 0) return tensorExpr(m.getLhs(), m.getTransposeLhs() ? 1 : 0, depth + 1);
    return tensorExpr(m.getRhs(), m.getTransposeRhs() ? 0 : 1, depth + 1);
  }
  if (auto g = dyn_cast<rm::CenteredGramOp>(op)) return tensorExpr(g.getMatrix(), 1, depth + 1);
  if (auto tr = dyn_cast<rm::TransposeOp>(op)) return tensorExpr(tr.getOperand(), 1 - dim, depth + 1);
  if (auto q = dyn_cast<rm::QrEconOp>(op)) {
    std::string m = tensorExpr(q.getOperand(), 0, depth + 1), n = tensorExpr(q.getOperand(), 1, depth + 1);
    std::string k = (m == "?" || n == "?") ? "?" : "min(" + m + "," + n + ")";
    if (result.getResultNumber() == 0) return dim == 0 ? m : k;
    return dim == 0 ? k : n;
  }
  if (auto r = dyn_cast<rm::ReshapeOp>(op)) {
    unsigned k = 0;
    for (int64_t d = 0; d < dim; ++d) k += r.getType().isDynamicDim(d);
    return indexExpr(r.getDynamicSizes()[k], depth + 1);
  }
  if (auto s = dyn_cast<rm::SliceOp>(op)) return indexExpr(s.getSizes()[dim], depth + 1);
  if (auto f = dyn_cast<rm::FillOp>(op)) {
    unsigned k = 0;
    for (int64_t d = 0; d < dim; ++d) k += f.getType().isDynamicDim(d);
    return indexExpr(f.getDynamicSizes()[k], depth + 1);
  }
  if (auto e = dyn_cast<tensor::EmptyOp>(op)) return indexExpr(e.getDynamicSize(dim), depth + 1);
  if (op->getNumOperands() == 1 && isa<rm::ToDeviceOp, rm::ToHostOp, rm::ConvertOp>(op))
    return tensorExpr(op->getOperand(0), dim, depth + 1);
  return "?";
}

std::string indexExpr(Value v, int depth) {
  if (depth > kDepth) return "?";
  if (auto c = v.getDefiningOp<arith::ConstantIndexOp>()) return number((double)c.value());
  if (auto t = v.getDefiningOp<rm::ToIndexOp>()) return scalarExpr(t.getValue(), depth + 1);
  if (auto d = v.getDefiningOp<tensor::DimOp>()) {
    if (auto k = d.getConstantIndex()) return tensorExpr(d.getSource(), *k, depth + 1);
    return "?";
  }
  if (auto m = v.getDefiningOp<arith::MulIOp>())
    return binary(indexExpr(m.getLhs(), depth + 1), "*", indexExpr(m.getRhs(), depth + 1));
  if (auto a = v.getDefiningOp<arith::AddIOp>())
    return binary(indexExpr(a.getLhs(), depth + 1), "+", indexExpr(a.getRhs(), depth + 1));
  if (auto s = v.getDefiningOp<arith::SubIOp>())
    return binary(indexExpr(s.getLhs(), depth + 1), "-", indexExpr(s.getRhs(), depth + 1));
  if (auto c = v.getDefiningOp<rm::RangeCountOp>()) {
    std::string a = scalarExpr(c.getStart(), depth + 1), s = scalarExpr(c.getStep(), depth + 1),
                b = scalarExpr(c.getStop(), depth + 1);
    if (a == "?" || s == "?" || b == "?") return "?";
    return "max(floor((" + b + "-" + a + ")/" + s + ")+1,0)";
  }
  return "?";
}

std::string scalarExpr(Value v, int depth) {
  if (depth > kDepth) return "?";
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (auto fn = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()))
      if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "runmat.param")) return name.str();
    return "?";
  }
  Operation *op = v.getDefiningOp();
  if (auto c = dyn_cast<arith::ConstantOp>(op))
    if (auto f = dyn_cast<FloatAttr>(c.getValue())) return number(f.getValueAsDouble());
  auto bin = [&](const char *s) {
    return binary(scalarExpr(op->getOperand(0), depth + 1), s, scalarExpr(op->getOperand(1), depth + 1));
  };
  auto call = [&](const char *f) {
    std::string out = std::string(f) + "(";
    for (unsigned i = 0; i < op->getNumOperands(); ++i) {
      std::string a = scalarExpr(op->getOperand(i), depth + 1);
      if (a == "?") return std::string("?");
      out += (i ? "," : "") + a;
    }
    return out + ")";
  };
  if (isa<arith::AddFOp, rm::AddOp>(op)) return bin("+");
  if (isa<arith::SubFOp, rm::SubOp>(op)) return bin("-");
  if (isa<arith::MulFOp, rm::MulOp>(op)) return bin("*");
  if (isa<arith::DivFOp, rm::DivOp>(op)) return bin("/");
  if (isa<arith::MinNumFOp, arith::MinimumFOp, rm::MinOp>(op)) return call("min");
  if (isa<arith::MaxNumFOp, arith::MaximumFOp, rm::MaxOp>(op)) return call("max");
  if (isa<math::FloorOp, rm::FloorOp>(op)) return call("floor");
  if (isa<math::CeilOp, rm::CeilOp>(op)) return call("ceil");
  if (isa<arith::ExtFOp, arith::TruncFOp, rm::ConvertOp>(op)) return scalarExpr(op->getOperand(0), depth + 1);
  return "?";
}

} // namespace

std::string extentExpression(Value index) { return indexExpr(index, 0); }
std::string tensorExtentExpression(Value tensor, int64_t dim) { return tensorExpr(tensor, dim, 0); }

bool isParametric(const std::string &e) {
  return e.find('?') == std::string::npos && e.find("size(") == std::string::npos;
}

} // namespace runmat
