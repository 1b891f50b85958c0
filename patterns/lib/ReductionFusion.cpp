// Reduction fusion: reductions that can be one reduction over more
// dimensions.
//  - nested: sum over d2 of (a linear function of a sum over d1), such as
//    mean(mean(x, 2), 3), is one sum over d1 and d2 with both epilogues;
//  - reshaped: a reduction over every point of reshape(x) (mean(x(:)))
//    reduces x in its own shape, so x's producer can fuse into it and x is
//    never stored (a run-time check keeps reshape's element-count rule).
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

bool isConstOne(Value v) {
  auto c = v.getDefiningOp<arith::ConstantIndexOp>();
  return c && c.value() == 1;
}

bool dependsOn(Value v, Value on) {
  if (v == on) return true;
  Operation *def = v.getDefiningOp();
  if (!def) return false;
  for (Value o : def->getOperands())
    if (dependsOn(o, on)) return true;
  return false;
}

// Whether `v` is a linear function of `acc` (acc scaled by acc-free factors).
bool linearIn(Value v, Value acc) {
  if (v == acc) return true;
  Operation *def = v.getDefiningOp();
  if (auto mul = dyn_cast_or_null<arith::MulFOp>(def)) {
    bool l = dependsOn(mul.getLhs(), acc), r = dependsOn(mul.getRhs(), acc);
    return l != r && (l ? linearIn(mul.getLhs(), acc) : linearIn(mul.getRhs(), acc));
  }
  if (auto div = dyn_cast_or_null<arith::DivFOp>(def))
    return !dependsOn(div.getRhs(), acc) && linearIn(div.getLhs(), acc);
  return false;
}

bool allSum(rm::KernelOp k) {
  for (Attribute c : k.getCombiners())
    if ((rm::ReduceKind)cast<IntegerAttr>(c).getInt() != rm::ReduceKind::Sum) return false;
  return true;
}

bool epilogueTakesScalars(rm::KernelOp k) {
  return k.getEpilogue().front().getNumArguments() > k.getNumResults() + k.getRank();
}

// Why outer (reducing inner's result) cannot be one reduction with inner.
std::string nestedRefusal(rm::KernelOp inner, rm::KernelOp outer) {
  if (inner.getNumResults() != 1 || outer.getNumResults() != 1 || outer.getInputs().size() != 1)
    return "only single reductions of a single input nest";
  if (!inner->hasOneUse()) return "the inner reduction's result is also read elsewhere";
  if (!allSum(inner) || !allSum(outer)) return "only sums nest";
  if (inner.getRank() != outer.getRank()) return "their spaces differ";
  if (epilogueTakesScalars(inner) || epilogueTakesScalars(outer)) return "an epilogue reads scalars";
  Block &ob = outer.getBodyBlock();
  if (ob.getTerminator()->getOperand(0) != ob.getArgument(2 * outer.getRank()))
    return "the outer reduction transforms the inner one's result";
  for (int64_t d = 0; d < inner.getRank(); ++d) {
    bool innerReduced = llvm::is_contained(inner.getReduceDims(), d);
    if (innerReduced && llvm::is_contained(outer.getReduceDims(), d)) return "both reduce the same dimension";
    if (innerReduced ? !isConstOne(outer.getSpace()[d]) : outer.getSpace()[d] != inner.getSpace()[d])
      return "the outer space is not the inner result's shape";
  }
  SmallVector<int64_t> m = outer.getInputMap(0);
  for (int64_t d = 0; d < (int64_t)m.size(); ++d)
    if (m[d] != d && m[d] != -1) return "the outer reduction reads the inner result transposed";
  Block &ie = inner.getEpilogue().front();
  if (!linearIn(ie.getTerminator()->getOperand(0), ie.getArgument(0)))
    return "the inner epilogue is not linear in its sum";
  return "";
}

rm::KernelOp fuseNested(rm::KernelOp inner, rm::KernelOp outer) {
  Location loc = outer.getLoc();
  const int64_t rank = inner.getRank();
  SmallVector<int64_t> dims(inner.getReduceDims().begin(), inner.getReduceDims().end());
  dims.append(outer.getReduceDims().begin(), outer.getReduceDims().end());
  llvm::sort(dims);
  OpBuilder b(outer);
  auto fused = b.create<rm::KernelOp>(loc, outer.getResultTypes(), inner.getSpace(), inner.getInputs(),
                                      inner.getScalars(), inner.getInputMaps(), b.getDenseI64ArrayAttr(dims),
                                      outer.getCombiners(), inner.getLabelAttr());
  for (NamedAttribute a : inner->getDiscardableAttrs()) fused->setAttr(a.getName(), a.getValue());
  SmallVector<std::string> covers = coversOf(outer);
  for (const std::string &c : coversOf(inner))
    if (!llvm::is_contained(covers, c)) covers.push_back(c);
  setCovers(fused, covers);
  fused.getBody().takeBody(inner.getBody());
  Block &ie = inner.getEpilogue().front(), &oe = outer.getEpilogue().front();
  Block *epi = b.createBlock(&fused.getEpilogue(), {}, ie.getArgumentTypes(),
                             SmallVector<Location>(ie.getNumArguments(), loc));
  b.setInsertionPointToStart(epi);
  IRMapping imap;
  imap.map(ie.getArguments(), epi->getArguments());
  for (Operation &op : ie.without_terminator()) b.clone(op, imap);
  Value mid = imap.lookupOrDefault(ie.getTerminator()->getOperand(0));
  IRMapping omap;
  omap.map(oe.getArgument(0), mid);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d = 0; d < rank; ++d)
    omap.map(oe.getArgument(1 + d), llvm::is_contained(inner.getReduceDims(), d) ? one : epi->getArgument(1 + d));
  for (Operation &op : oe) b.clone(op, omap);
  outer.replaceAllUsesWith(fused.getResults());
  outer.erase();
  inner.erase();
  return fused;
}

// The extents of tensor `t` (with a producing kernel's trailing dropped
// ones), as values before `at`.
SmallVector<Value> extentsOf(Value t, Operation *at) {
  OpBuilder b(at);
  int64_t rank = cast<RankedTensorType>(t.getType()).getRank();
  if (auto k = t.getDefiningOp<rm::KernelOp>()) rank = std::max(rank, k.getRank());
  SmallVector<Value> out;
  for (int64_t d = 0; d < rank; ++d) out.push_back(extentOf(b, t, d));
  return out;
}

// Why reduction `k` of reshape(x) cannot reduce x in x's shape.
std::string reshapedRefusal(rm::KernelOp k) {
  if (k.getInputs().size() != 1) return "the reduction reads more than the reshaped tensor";
  for (int64_t d = 0; d < k.getRank(); ++d)
    if (!llvm::is_contained(k.getReduceDims(), d) && !isConstOne(k.getSpace()[d])) return "it does not reduce every point";
  if (epilogueTakesScalars(k)) return "its epilogue reads scalars";
  int nonUnit = 0;
  for (Value e : k.getSpace()) nonUnit += !isConstOne(e);
  if (nonUnit > 1) return "the reshaped tensor is not a vector";
  for (int64_t p = 0; p < k.getRank(); ++p)
    if (!k.getBodyBlock().getArgument(p).use_empty()) return "the reduction uses its indices";
  return "";
}

rm::KernelOp fuseReshaped(rm::KernelOp k, rm::ReshapeOp reshape) {
  Location loc = k.getLoc();
  MLIRContext *ctx = k.getContext();
  Value x = reshape.getOperand();
  SmallVector<Value> ext = extentsOf(x, reshape);
  const int64_t rank = (int64_t)ext.size(), oldRank = k.getRank();
  OpBuilder b(k);
  // reshape's rule: the element counts agree.
  Value count = b.create<arith::ConstantIndexOp>(loc, 1);
  for (Value e : ext) count = b.create<arith::MulIOp>(loc, count, e);
  Value target = b.create<arith::ConstantIndexOp>(loc, 1);
  auto shape = cast<RankedTensorType>(reshape.getType());
  for (int64_t d = 0, dyn = 0; d < shape.getRank(); ++d)
    target = b.create<arith::MulIOp>(loc, target,
                                     shape.isDynamicDim(d) ? reshape.getDynamicSizes()[dyn++]
                                                           : (Value)b.create<arith::ConstantIndexOp>(loc, shape.getDimSize(d)));
  Value same = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, count, target);
  b.create<rm::CheckOp>(loc, same, b.getStringAttr("reshape at " + locationOf(reshape) +
                                                   ": the number of elements must not change"));
  SmallVector<int64_t> all, map;
  for (int64_t d = 0; d < rank; ++d) all.push_back(d);
  for (int64_t d = 0; d < cast<RankedTensorType>(x.getType()).getRank(); ++d) map.push_back(d);
  auto fused = b.create<rm::KernelOp>(loc, k.getResultTypes(), ext, ValueRange{x}, k.getScalars(),
                                      b.getArrayAttr({b.getDenseI64ArrayAttr(map)}), b.getDenseI64ArrayAttr(all),
                                      k.getCombiners(), k.getLabelAttr());
  for (NamedAttribute a : k->getDiscardableAttrs()) fused->setAttr(a.getName(), a.getValue());
  SmallVector<std::string> covers = coversOf(k);
  covers.push_back("runmat.reshape " + locationOf(reshape));
  setCovers(fused, covers);
  // Body: same element and scalars, new index and extent arguments.
  Block &ob = k.getBodyBlock();
  SmallVector<Type> argTypes(2 * rank, IndexType::get(ctx));
  for (unsigned a = 2 * oldRank; a < ob.getNumArguments(); ++a) argTypes.push_back(ob.getArgument(a).getType());
  Block *body = b.createBlock(&fused.getBody(), {}, argTypes, SmallVector<Location>(argTypes.size(), loc));
  b.setInsertionPointToStart(body);
  IRMapping bmap;
  Value total = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d = 0; d < rank; ++d) total = b.create<arith::MulIOp>(loc, total, body->getArgument(rank + d));
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t p = 0; p < oldRank; ++p) bmap.map(ob.getArgument(oldRank + p), isConstOne(k.getSpace()[p]) ? one : total);
  for (unsigned a = 2 * oldRank; a < ob.getNumArguments(); ++a)
    bmap.map(ob.getArgument(a), body->getArgument(2 * rank + (a - 2 * oldRank)));
  for (Operation &op : ob) b.clone(op, bmap);
  // Epilogue: the old one, its extents the vector's.
  Block &oe = k.getEpilogue().front();
  SmallVector<Type> epiTypes;
  for (unsigned r = 0; r < k.getNumResults(); ++r) epiTypes.push_back(oe.getArgument(r).getType());
  epiTypes.append(rank, IndexType::get(ctx));
  Block *epi = b.createBlock(&fused.getEpilogue(), {}, epiTypes, SmallVector<Location>(epiTypes.size(), loc));
  b.setInsertionPointToStart(epi);
  IRMapping emap;
  for (unsigned r = 0; r < k.getNumResults(); ++r) emap.map(oe.getArgument(r), epi->getArgument(r));
  Value n = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d = 0; d < rank; ++d) n = b.create<arith::MulIOp>(loc, n, epi->getArgument(k.getNumResults() + d));
  Value eone = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t p = 0; p < oldRank; ++p)
    emap.map(oe.getArgument(k.getNumResults() + p), isConstOne(k.getSpace()[p]) ? eone : n);
  for (Operation &op : oe) b.clone(op, emap);
  k.replaceAllUsesWith(fused.getResults());
  k.erase();
  for (Operation *user : llvm::make_early_inc_range(reshape->getUsers()))
    if (isa<tensor::DimOp>(user) && user->use_empty()) user->erase();
  if (reshape->use_empty()) reshape.erase();
  return fused;
}

} // namespace

bool fuseReductions(func::FuncOp fn, FusionLog &log) {
  bool changed = false;
  for (bool again = true; again;) {
    again = false;
    SmallVector<rm::KernelOp> kernels = kernelsOf(fn);
    for (rm::KernelOp outer : kernels) {
      if (!outer.isReduction() || outer.getInputs().empty()) continue;
      Value in = outer.getInputs()[0];
      if (auto inner = in.getDefiningOp<rm::KernelOp>(); inner && inner.isReduction()) {
        std::string candidate = coversOf(inner).front() + " into " + coversOf(outer).front();
        std::string why = inner->getBlock() != outer->getBlock() ? "they are in different blocks" : nestedRefusal(inner, outer);
        if (!why.empty()) {
          log.reject("nested-reduction", candidate, why);
          continue;
        }
        SmallVector<std::string> covers = coversOf(fuseNested(inner, outer));
        log.fire("nested-reduction", std::vector<std::string>(covers.begin(), covers.end()));
        changed = again = true;
        break;
      }
      if (auto reshape = in.getDefiningOp<rm::ReshapeOp>()) {
        std::string candidate = "runmat.reshape " + locationOf(reshape) + " into " + coversOf(outer).front();
        std::string why = reshapedRefusal(outer);
        if (!why.empty()) {
          log.reject("reshaped-reduction", candidate, why);
          continue;
        }
        SmallVector<std::string> covers = coversOf(fuseReshaped(outer, reshape));
        log.fire("reshaped-reduction", std::vector<std::string>(covers.begin(), covers.end()));
        changed = again = true;
        break;
      }
    }
  }
  return changed;
}

} // namespace runmat::patterns
