// Fusion pattern families (one file each in lib/), applied by the
// runmat-fuse pass: specialised families first, then the generic ones. Each
// reports what it fused and what it considered and rejected, with the reason.
#pragma once

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"

#include <string>
#include <vector>

namespace runmat::patterns {

struct FusionLog {
  struct Fired {
    std::string pattern;
    std::vector<std::string> covers; // source ops the resulting kernel computes
  };
  struct Rejected {
    std::string pattern;
    std::string candidate; // the op it looked at
    std::string reason;
  };
  std::vector<Fired> fired;
  std::vector<Rejected> rejected;
  void fire(const std::string &pattern, const std::vector<std::string> &covers) { fired.push_back({pattern, covers}); }
  void reject(const std::string &pattern, const std::string &candidate, const std::string &reason) {
    for (const Rejected &r : rejected)
      if (r.pattern == pattern && r.candidate == candidate && r.reason == reason) return;
    rejected.push_back({pattern, candidate, reason});
  }
  // As attributes ({fired = [...], rejected = [...]}), the form the module
  // attribute runmat.fusion keeps, and back: passes hand the log on this way.
  mlir::DictionaryAttr toAttr(mlir::MLIRContext *ctx) const;
  static FusionLog fromAttr(mlir::DictionaryAttr attr);
};
// The module attribute in which runmat-fuse-linalg leaves its log for
// runmat-fuse, which reports both.
inline constexpr const char *kLinalgLogAttr = "runmat.fusion_linalg";
// Specialised, on runmat ops before kernels form: the centered Gram matrix
// (A - mean(A, 1)).' * (A - mean(A, 1)) / s as one runmat.centered_gram.
bool fuseCenteredGram(mlir::func::FuncOp fn, FusionLog &log);
// Specialised: diag(X * Y) as column dot products sum(X.' .* Y, 1).', so the
// k x k product of diag(Q.' * G * Q) is never computed.
bool fuseExplainedVariance(mlir::func::FuncOp fn, FusionLog &log);

// Generic: a map kernel's body moves into the kernels that read its result
// (chains of elementwise ops with implicit expansion; a reduction's
// elementwise producers). Returns whether anything changed.
bool fuseElementwise(mlir::func::FuncOp fn, FusionLog &log);

// Loop fusion: a loop whose body is kernels of one space, updating their
// state element by element or column by column (reductions over dimension
// 0), becomes one kernel with the loop inside.
// `canonical` is the canonicalizer's patterns, which prove the state's shape
// invariant on a copy of the loop.
bool fuseLoops(mlir::func::FuncOp fn, FusionLog &log, const mlir::FrozenRewritePatternSet &canonical);

// Reductions that become one over more dimensions: nested sums with linear
// epilogues (mean(mean(x,2),3)), and a reduction over every element of a
// reshaped tensor (mean(x(:))) done in the tensor's own shape.
bool fuseReductions(mlir::func::FuncOp fn, FusionLog &log);

// A mean and the sum of squared differences from it, in one pass.
bool fuseMeanVariance(mlir::func::FuncOp fn, FusionLog &log);

// Two reductions over the same space and dimensions that share an input and
// do not read each other: one kernel with both results.
bool fuseSiblingReductions(mlir::func::FuncOp fn, FusionLog &log);
// Power-step normalisation: a map kernel reading a matrix product's result
// and a per-column reduction of it (Q ./ (sqrt(sum(Q.^2,1)) + eps)) becomes
// one column-local kernel with the reduction as runmat.group_reduce.
bool fusePowerSteps(mlir::func::FuncOp fn, FusionLog &log);
// Epilogue fusion: a map kernel reading only a reduction's results at its
// output points runs in the reduction's epilogue.
bool fuseEpilogues(mlir::func::FuncOp fn, FusionLog &log);
// Epilogue hoisting: what a kernel computes from a reduction's results
// alone, at its output points, the reduction's epilogue computes once per
// output instead (run last, on the final kernels, constants sunk).
bool hoistIntoEpilogues(mlir::func::FuncOp fn, FusionLog &log);

} // namespace runmat::patterns
