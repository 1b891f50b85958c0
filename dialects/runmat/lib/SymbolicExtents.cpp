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

using Kind = SizeExpr::Kind;

SizeExpr number(double v) { return SizeExpr::number(v); }
SizeExpr unknown() { return SizeExpr::unknown(); }

SizeExpr scalarExpr(Value v, int depth);
SizeExpr indexExpr(Value v, int depth);

SizeExpr tensorExpr(Value t, int64_t dim, int depth) {
  if (depth > kDepth) return unknown();
  auto type = dyn_cast<RankedTensorType>(t.getType());
  if (!type) return unknown();
  if (dim >= type.getRank()) return number(1);
  if (!type.isDynamicDim(dim)) return number((double)type.getDimSize(dim));
  if (auto arg = dyn_cast<BlockArgument>(t)) {
    Operation *parent = arg.getOwner()->getParentOp();
    if (auto fn = dyn_cast<func::FuncOp>(parent)) {
      if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "runmat.input"))
        return SizeExpr::inputSize(name.str(), (int)dim);
      return unknown();
    }
    if (auto loop = dyn_cast<scf::ForOp>(parent)) // loop-carried tensors keep their shape
      if (arg.getArgNumber() >= 1) return tensorExpr(loop.getInitArgs()[arg.getArgNumber() - 1], dim, depth + 1);
    if (auto loop = dyn_cast<scf::WhileOp>(parent)) return tensorExpr(loop.getInits()[arg.getArgNumber()], dim, depth + 1);
    return unknown();
  }
  Operation *op = t.getDefiningOp();
  auto result = cast<OpResult>(t);
  if (auto k = dyn_cast<rm::KernelOp>(op)) {
    if (llvm::is_contained(k.getReduceDims(), dim)) return number(1);
    return indexExpr(k.getSpace()[dim], depth + 1);
  }
  if (auto l = dyn_cast<rm::LaunchOp>(op)) {
    if (llvm::is_contained(l.getReduceDims(), dim)) return number(1);
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
    SizeExpr m = tensorExpr(q.getOperand(), 0, depth + 1), n = tensorExpr(q.getOperand(), 1, depth + 1);
    SizeExpr k = SizeExpr::call(Kind::Min, {m, n});
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
  if (auto u = dyn_cast<rm::UpdateOp>(op)) return tensorExpr(u.getSource(), dim, depth + 1);
  if (auto p = dyn_cast<rm::PutOp>(op)) return tensorExpr(p.getSource(), dim, depth + 1);
  if (auto t = dyn_cast<rm::TakeOp>(op)) return tensorExpr(t.getIndices(), dim, depth + 1);
  if (auto f = dyn_cast<rm::FindOp>(op)) return dim == 0 ? indexExpr(f.getCount(), depth + 1) : unknown();
  if (op->getNumOperands() == 1 && isa<rm::ToDeviceOp, rm::ToHostOp, rm::ConvertOp>(op))
    return tensorExpr(op->getOperand(0), dim, depth + 1);
  return unknown();
}

SizeExpr indexExpr(Value v, int depth) {
  if (depth > kDepth) return unknown();
  if (auto c = v.getDefiningOp<arith::ConstantIndexOp>()) return number((double)c.value());
  if (auto t = v.getDefiningOp<rm::ToIndexOp>()) return scalarExpr(t.getValue(), depth + 1);
  if (auto d = v.getDefiningOp<tensor::DimOp>()) {
    if (auto k = d.getConstantIndex()) return tensorExpr(d.getSource(), *k, depth + 1);
    return unknown();
  }
  if (auto m = v.getDefiningOp<arith::MulIOp>())
    return SizeExpr::binary(Kind::Mul, indexExpr(m.getLhs(), depth + 1), indexExpr(m.getRhs(), depth + 1));
  if (auto a = v.getDefiningOp<arith::AddIOp>())
    return SizeExpr::binary(Kind::Add, indexExpr(a.getLhs(), depth + 1), indexExpr(a.getRhs(), depth + 1));
  if (auto s = v.getDefiningOp<arith::SubIOp>())
    return SizeExpr::binary(Kind::Sub, indexExpr(s.getLhs(), depth + 1), indexExpr(s.getRhs(), depth + 1));
  if (auto c = v.getDefiningOp<rm::RangeCountOp>()) {
    // max(floor((stop - start) / step) + 1, 0), as the range's count.
    SizeExpr a = scalarExpr(c.getStart(), depth + 1), s = scalarExpr(c.getStep(), depth + 1),
             b = scalarExpr(c.getStop(), depth + 1);
    SizeExpr span = SizeExpr::binary(Kind::Div, SizeExpr::binary(Kind::Sub, b, a), s);
    return SizeExpr::call(Kind::Max, {SizeExpr::binary(Kind::Add, SizeExpr::call(Kind::Floor, {span}), number(1)), number(0)});
  }
  return unknown();
}

SizeExpr scalarExpr(Value v, int depth) {
  if (depth > kDepth) return unknown();
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (auto fn = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()))
      if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "runmat.param")) return SizeExpr::param(name.str());
    return unknown();
  }
  Operation *op = v.getDefiningOp();
  if (auto c = dyn_cast<arith::ConstantOp>(op))
    if (auto f = dyn_cast<FloatAttr>(c.getValue())) return number(f.getValueAsDouble());
  auto bin = [&](Kind k) {
    return SizeExpr::binary(k, scalarExpr(op->getOperand(0), depth + 1), scalarExpr(op->getOperand(1), depth + 1));
  };
  auto call = [&](Kind k) {
    std::vector<SizeExpr> operands;
    for (Value operand : op->getOperands()) operands.push_back(scalarExpr(operand, depth + 1));
    return SizeExpr::call(k, std::move(operands));
  };
  if (isa<arith::AddFOp, rm::AddOp>(op)) return bin(Kind::Add);
  if (isa<arith::SubFOp, rm::SubOp>(op)) return bin(Kind::Sub);
  if (isa<arith::MulFOp, rm::MulOp>(op)) return bin(Kind::Mul);
  if (isa<arith::DivFOp, rm::DivOp>(op)) return bin(Kind::Div);
  if (isa<arith::MinNumFOp, arith::MinimumFOp, rm::MinOp>(op)) return call(Kind::Min);
  if (isa<arith::MaxNumFOp, arith::MaximumFOp, rm::MaxOp>(op)) return call(Kind::Max);
  if (isa<math::FloorOp, rm::FloorOp>(op)) return call(Kind::Floor);
  if (isa<math::CeilOp, rm::CeilOp>(op)) return call(Kind::Ceil);
  if (isa<arith::ExtFOp, arith::TruncFOp, rm::ConvertOp>(op)) return scalarExpr(op->getOperand(0), depth + 1);
  return unknown();
}

} // namespace

SizeExpr extentTree(Value index) { return indexExpr(index, 0); }
SizeExpr tensorExtentTree(Value tensor, int64_t dim) { return tensorExpr(tensor, dim, 0); }
std::string extentExpression(Value index) { return extentTree(index).spelling(); }
std::string tensorExtentExpression(Value tensor, int64_t dim) { return tensorExtentTree(tensor, dim).spelling(); }

} // namespace runmat
