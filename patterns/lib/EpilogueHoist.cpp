// Epilogue hoisting: where a kernel computes something from a reduction's
// results alone, at the reduction's output points (sigma = sqrt(var + eps)
// read at every pixel of an image), the reduction's epilogue computes it once
// per output, and the kernel reads that instead. The ops and their order are
// unchanged, so the values are the same; only how often they run changes.
#include "runmat/Patterns/Fusion.h"
#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

namespace {

const char *kPattern = "epilogue-hoist";

// Which element of its tensor input `t` of `k` reads: the map along the
// dimensions whose size is not statically 1. Two results of one reduction
// (one shape) read with equal keys are read at the same point everywhere.
SmallVector<int64_t> pointKey(rm::KernelOp k, unsigned t) {
  auto type = cast<RankedTensorType>(k.getInputs()[t].getType());
  SmallVector<int64_t> map = k.getInputMap(t), key;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.getDimSize(d) != 1) key.push_back(map[d]);
  return key;
}

bool hoistableOp(Operation &op) {
  Dialect *d = op.getDialect();
  return d && isa<arith::ArithDialect, math::MathDialect>(d) && op.getNumRegions() == 0 && op.getNumResults() == 1 &&
         isPure(&op);
}

// One candidate: consumer `c` reads reduction `r`'s results through the
// inputs `args` (block arguments), all at the same point.
struct Hoist {
  rm::KernelOp r, c;
  SmallVector<BlockArgument> args;
  llvm::SetVector<Operation *> ops;  // what moves, in body order
  SmallVector<Operation *> roots;    // of those, the ones the rest of the body reads
  SmallVector<BlockArgument> freed;  // inputs read only by what moves, whose result only `c` reads
};

// Collects what of `c`'s body is computed from `h.args` and constants
// alone; gives why it should not move ("" when it should; nothing to move
// when h.roots is empty).
std::string plan(Hoist &h) {
  llvm::SmallPtrSet<Value, 8> known(h.args.begin(), h.args.end());
  llvm::SmallPtrSet<Value, 8> fromArgs(h.args.begin(), h.args.end());
  for (Operation &op : h.c.getBodyBlock().without_terminator()) {
    if (!hoistableOp(op) || !llvm::all_of(op.getOperands(), [&](Value v) { return known.contains(v); })) continue;
    h.ops.insert(&op);
    known.insert(op.getResult(0));
    if (llvm::any_of(op.getOperands(), [&](Value v) { return fromArgs.contains(v); })) fromArgs.insert(op.getResult(0));
  }
  for (Operation *op : h.ops) {
    if (!fromArgs.contains(op->getResult(0)) || isa<arith::ConstantOp>(op)) continue;
    if (llvm::any_of(op->getUsers(), [&](Operation *u) { return !h.ops.contains(u); })) h.roots.push_back(op);
  }
  if (h.roots.empty()) return "";
  for (BlockArgument a : h.args) {
    Value result = h.c.getInputs()[a.getArgNumber() - 2 * h.c.getRank()];
    if (result.hasOneUse() && llvm::all_of(a.getUsers(), [&](Operation *u) { return h.ops.contains(u); }))
      h.freed.push_back(a);
  }
  if (h.roots.size() > h.freed.size())
    return "the kernel would read more of the reduction's results than it stops reading";
  return "";
}

void hoist(Hoist &h) {
  Block &epi = h.r.getEpilogue().front();
  Operation *yield = epi.getTerminator();
  const unsigned firstInput = 2 * h.c.getRank();
  auto resultOf = [&](BlockArgument a) { return cast<OpResult>(h.c.getInputs()[a.getArgNumber() - firstInput]); };
  // What each argument is in the epilogue: the value it yields for it.
  IRMapping map;
  for (BlockArgument a : h.args) map.map(a, yield->getOperand(resultOf(a).getResultNumber()));
  OpBuilder b(yield);
  for (Operation *op : h.ops) b.clone(*op, map);
  // Root k takes the place of freed input k: the reduction yields it, the
  // consumer reads it there.
  for (auto [root, a] : llvm::zip_first(h.roots, h.freed)) {
    Value value = root->getResult(0);
    OpResult result = resultOf(a);
    yield->setOperand(result.getResultNumber(), map.lookup(value));
    auto type = cast<RankedTensorType>(result.getType());
    result.setType(RankedTensorType::get(type.getShape(), value.getType()));
    a.setType(value.getType());
    value.replaceAllUsesWith(a);
  }
  for (Operation *op : llvm::reverse(h.ops))
    if (op->use_empty()) op->erase();
  SmallVector<Operation *> epilogueOps;
  for (Operation &op : epi.without_terminator()) epilogueOps.push_back(&op);
  for (Operation *op : llvm::reverse(epilogueOps))
    if (isOpTriviallyDead(op)) op->erase();
}

} // namespace

bool hoistIntoEpilogues(func::FuncOp fn, FusionLog &log) {
  return repeatUntilStable([&] {
    for (rm::KernelOp c : kernelsOf(fn)) {
      // The consumer's inputs from each reduction, grouped by the point read.
      for (auto [t, v] : llvm::enumerate(c.getInputs())) {
        auto r = v.getDefiningOp<rm::KernelOp>();
        if (!r || !r.isReduction()) continue;
        Hoist h{r, c, {}, {}, {}, {}};
        SmallVector<int64_t> key = pointKey(c, t);
        bool first = true;
        for (auto [u, w] : llvm::enumerate(c.getInputs())) {
          if (w.getDefiningOp() != r.getOperation() || pointKey(c, u) != key) continue;
          first &= u >= t; // each group once: from its first input
          h.args.push_back(c.getBodyBlock().getArgument(2 * c.getRank() + u));
        }
        if (!first) continue;
        std::string why = plan(h);
        if (h.roots.empty()) continue;
        if (!why.empty()) {
          log.reject(kPattern, coversOf(c).front() + " into " + coversOf(r).front(), why);
          continue;
        }
        // The report names the two kernels and each op that moved.
        std::vector<std::string> covers = {coversOf(r).front(), coversOf(c).front()};
        for (Operation *op : h.ops)
          if (!isa<arith::ConstantOp>(op) && locationOf(op) != "?")
            covers.push_back(op->getName().getStringRef().str() + " " + locationOf(op) + " (moved)");
        hoist(h);
        log.fire(kPattern, covers);
        return true;
      }
    }
    return false;
  });
}

} // namespace runmat::patterns
