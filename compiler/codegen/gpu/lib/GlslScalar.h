// Translates the scalar ops of a kernel body (arith, math, runmat.random)
// into GLSL statements, one local variable per SSA value. What the body
// needs of the device (double, 64-bit integers) is recorded as it goes.
#pragma once

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Block.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <string>
#include <vector>

namespace runmat::codegen {

struct GlslFeatures {
  bool float64 = false;
  bool int64 = false;
  bool int8 = false; // logical tensors in memory
};

// A GLSL literal of v (the NaN and Inf macros of the prelude for those).
std::string glslFloatLiteral(double v, bool f64);

class GlslScalarWriter {
public:
  GlslScalarWriter(std::string &out, GlslFeatures &features) : out_(out), features_(features) {}

  // The GLSL type of a scalar MLIR type ("" when it has none).
  std::string type(mlir::Type t);
  // Emits the ops of `block` (its terminator excluded), its arguments named
  // by `args`; gives the names of the terminator's operands.
  mlir::FailureOr<std::vector<std::string>> emitBlock(mlir::Block &block, const std::vector<std::string> &args,
                                                      const std::string &indent);
  // Emits `block` for several elements at once ("copies", one per entry of
  // `args`), op by op: a loop is emitted once and carries every copy's
  // values, and neighbouring copies' random draws share a Philox block.
  // The block's loops must have bounds that are the same in every copy.
  // Gives each copy's names of the terminator's operands.
  mlir::FailureOr<std::vector<std::vector<std::string>>>
  emitBlockJammed(mlir::Block &block, const std::vector<std::vector<std::string>> &args, const std::string &indent);
  // A GLSL expression converting `expr` of type `from` to `to` (float types, i1).
  std::string convert(const std::string &expr, mlir::Type from, mlir::Type to);
  std::string fresh(const char *prefix = "v") { return prefix + std::to_string(counter_++); }

  // Emits a runmat.group_reduce of the GLSL value `value` at `indent`;
  // gives the name of its result. Unset: group reductions have no GPU form.
  std::function<std::string(mlir::Operation &groupReduce, const std::string &value, const std::string &indent)>
      groupReduce;
  // When set, used instead of groupReduce for group reductions that need not
  // wait for one another: at the first of them, the writer emits early the
  // ops later ones need (pure ops that use no result of the batch) and hands
  // the batch over at once, so that one exchange between lanes serves all of
  // them (NLMS's two sums a step). At most `groupBatchLimit` a batch.
  std::function<std::vector<std::string>(const std::vector<mlir::Operation *> &reductions,
                                         const std::vector<std::string> &values, const std::string &indent)>
      groupReduceBatch;
  size_t groupBatchLimit = 1;
  // --math=fast: single-precision exp, log and pow from math_fast_f32.glsl.
  bool fastMath = false;
  // When set (a bool variable): ops whose rare inputs need a slower form
  // (constant powers) leave those results wrong and set this flag instead
  // of branching at each point; slowFlagUsed tells whether any did.
  std::string slowFlag;
  bool slowFlagUsed = false;

private:
  mlir::LogicalResult emitOp(mlir::Operation &op, const std::string &indent);
  mlir::LogicalResult emitGroupBatch(mlir::Operation &first, const std::string &indent);
  mlir::LogicalResult emitFor(mlir::scf::ForOp loop, const std::string &indent);
  mlir::LogicalResult emitOpsJammed(mlir::Block &block, const std::string &indent);
  mlir::LogicalResult emitForJammed(mlir::scf::ForOp loop, const std::string &indent);
  mlir::LogicalResult emitRandomJammed(mlir::Operation &op, const std::string &indent);
  // Makes copy c's names the current ones.
  void activate(size_t c);
  std::string constant(mlir::Attribute value, mlir::Type t, mlir::Operation &op);
  std::string name(mlir::Value v) { return names_.lookup(v); }

  std::string &out_;
  GlslFeatures &features_;
  llvm::DenseMap<mlir::Value, std::string> names_;
  llvm::DenseSet<mlir::Operation *> emittedEarly_; // ops a group batch emitted before their turn
  // Jammed emission: the other copies' names, and which copy names_ holds.
  std::vector<llvm::DenseMap<mlir::Value, std::string>> copies_;
  size_t active_ = 0;
  unsigned counter_ = 0;
};

} // namespace runmat::codegen
