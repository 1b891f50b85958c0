// retain/release for every tensor value. See Passes.td for the rules.
#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/Passes/Passes.h"

namespace runmat {
#define GEN_PASS_DEF_INSERTOWNERSHIP
#include "runmat/Passes/Passes.h.inc"
} // namespace runmat

using namespace mlir;
namespace rm = mlir::runmat;

namespace {

bool isTensor(Value v) { return isa<RankedTensorType>(v.getType()); }

// Operands that hand a reference over to someone else.
bool isTransfer(OpOperand &use) {
  Operation *user = use.getOwner();
  if (isa<scf::YieldOp, func::ReturnOp>(user)) return true;
  if (isa<scf::ConditionOp>(user)) return use.getOperandNumber() > 0;
  if (auto loop = dyn_cast<scf::ForOp>(user)) return use.getOperandNumber() >= 3; // the init values
  if (isa<scf::WhileOp>(user)) return true;
  // An indexed assignment writes into its source when it holds the only
  // reference: handing the reference over makes a dead old value writable.
  if (isa<rm::UpdateOp, rm::PutOp, rm::ResizeOp>(user)) return use.getOperandNumber() == 0;
  return false;
}

// Block arguments that own their value: loop-carried tensors.
bool ownsArguments(Block &block) { return isa_and_nonnull<scf::ForOp, scf::WhileOp>(block.getParentOp()); }

void handle(Value v, Block &block, bool owned) {
  // The op of `block` that contains each use, and the last of them.
  Operation *last = nullptr;
  SmallVector<OpOperand *> transfers;
  int usesByLast = 0;
  for (OpOperand &use : v.getUses()) {
    Operation *anc = block.findAncestorOpInBlock(*use.getOwner());
    if (!anc) continue;
    if (!last || last->isBeforeInBlock(anc)) last = anc;
    if (isTransfer(use)) transfers.push_back(&use);
  }
  for (OpOperand &use : v.getUses())
    if (block.findAncestorOpInBlock(*use.getOwner()) == last) ++usesByLast;

  OpBuilder b(v.getContext());
  // A single transfer that is the value's last use moves its reference.
  bool moved = owned && last && usesByLast == 1 && transfers.size() >= 1 &&
               llvm::any_of(transfers, [&](OpOperand *u) { return u->getOwner() == last; });
  for (OpOperand *use : transfers) {
    if (moved && use->getOwner() == last) continue;
    b.setInsertionPoint(use->getOwner());
    b.create<rm::RetainOp>(use->getOwner()->getLoc(), v);
  }
  if (!owned || moved) return;
  if (!last) {
    // Never used: release at once.
    if (auto arg = dyn_cast<BlockArgument>(v)) b.setInsertionPointToStart(&block);
    else b.setInsertionPointAfter(v.getDefiningOp());
    b.create<rm::ReleaseOp>(v.getLoc(), v);
    return;
  }
  if (last->hasTrait<OpTrait::IsTerminator>()) b.setInsertionPoint(last); // after its retains
  else b.setInsertionPointAfter(last);
  b.create<rm::ReleaseOp>(last->getLoc(), v);
}

void processBlock(Block &block) {
  // Nested blocks first: their retains are uses the outer analysis then sees.
  for (Operation &op : block)
    for (Region &r : op.getRegions())
      for (Block &inner : r)
        if (!isa<rm::KernelOp>(op)) processBlock(inner);
  bool ownsArgs = ownsArguments(block);
  for (BlockArgument arg : block.getArguments())
    if (isTensor(arg)) handle(arg, block, ownsArgs);
  SmallVector<Value> results;
  for (Operation &op : block)
    if (!isa<rm::RetainOp, rm::ReleaseOp>(op))
      for (Value r : op.getResults())
        if (isTensor(r)) results.push_back(r);
  for (Value r : results) handle(r, block, /*owned=*/true);
}

// A select between two tensors hands out one of its operands without a
// reference of its own; as an scf.if that yields them, each yield is a
// transfer the rules above count. (The canonicalizer turns such an scf.if
// into a select, so this runs here, after the last canonicalization.)
void selectsToIfs(func::FuncOp fn) {
  SmallVector<arith::SelectOp> selects;
  fn.walk([&](arith::SelectOp op) {
    if (isTensor(op.getResult()) && !op->getParentOfType<rm::KernelOp>()) selects.push_back(op);
  });
  for (arith::SelectOp op : selects) {
    OpBuilder b(op);
    auto ifOp = b.create<scf::IfOp>(
        op.getLoc(), op.getCondition(),
        [&](OpBuilder &bb, Location l) { bb.create<scf::YieldOp>(l, op.getTrueValue()); },
        [&](OpBuilder &bb, Location l) { bb.create<scf::YieldOp>(l, op.getFalseValue()); });
    op.replaceAllUsesWith(ifOp.getResult(0));
    op.erase();
  }
}

struct InsertOwnershipPass : ::runmat::impl::InsertOwnershipBase<InsertOwnershipPass> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (fn.isExternal() || fn->hasAttr("runmat.kernel_function")) return;
    selectsToIfs(fn);
    processBlock(fn.getBody().front());
  }
};

} // namespace
