// The rewrites fusion patterns are made of: inlining a map kernel's body into
// the kernel that reads its result, merging a kernel's duplicate operands,
// and the list of source ops a kernel covers (for the manifest and reports).
#pragma once

#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/Patterns/Fusion.h"

#include "mlir/IR/Builders.h"

#include <string>

namespace runmat::patterns {

// "file:line:col" of an op, for reports.
std::string locationOf(mlir::Operation *op);

// Extent d of tensor `t`, built with `b` where needed: a kernel result's
// extent, a static size, a tensor.empty size, or else a tensor.dim.
mlir::Value extentOf(mlir::OpBuilder &b, mlir::Value t, int64_t d);

// Whether two extents are the same value or equal constants.
bool sameExtent(mlir::Value a, mlir::Value b);
// Creates `k`'s body block (indices, extents, input elements, scalars, from
// its operands) with `b`, which then inserts at its start.
mlir::Block *createBodyBlock(mlir::OpBuilder &b, mlir::runmat::KernelOp k);
// Replaces tensor.dim of `k`'s results by the extents `k` was given, so
// that reading a result's shape does not count as reading the result.
void foldShapeReads(mlir::runmat::KernelOp k);

// The kernels of `fn` in walk order, their shape reads folded first
// (foldShapeReads): what each fusion family iterates over.
llvm::SmallVector<mlir::runmat::KernelOp> kernelsOf(mlir::Operation *fn);

// The source ops a kernel computes ("runmat.mul prog.m:3:7", ...).
llvm::SmallVector<std::string> coversOf(mlir::runmat::KernelOp k);
void setCovers(mlir::runmat::KernelOp k, llvm::ArrayRef<std::string> covers);
// The source ops of several kernels, each once, in order: what their
// fusion covers.
llvm::SmallVector<std::string> coversOf(llvm::ArrayRef<mlir::runmat::KernelOp> ks);
// Logs that `pattern` fired and made `fused`.
void logFired(FusionLog &log, const char *pattern, mlir::runmat::KernelOp fused);
// Runs `fuseOne` (which fuses one candidate and says whether it did) until
// it finds none; gives whether anything changed. A family's driver.
bool repeatUntilStable(llvm::function_ref<bool()> fuseOne);
// Kernel `k`'s body cloned with `b` at the point of `body` (a kernel body
// block of the same rank: its indices and extents), input t's element given
// by `inputOf(t)` and scalar s by `scalarOf(s)`; gives what it yields.
llvm::SmallVector<mlir::Value> cloneBodyAt(mlir::OpBuilder &b, mlir::runmat::KernelOp k, mlir::Block *body,
                                           llvm::function_ref<mlir::Value(unsigned)> inputOf,
                                           llvm::function_ref<mlir::Value(unsigned)> scalarOf);
// Reduction `k`'s results at the point of `body`, a column-local kernel:
// its body there (cloneBodyAt), combined over the group `dims` with
// runmat.group_reduce, then its epilogue; gives what the epilogue yields.
llvm::SmallVector<mlir::Value> groupReducedAt(mlir::OpBuilder &b, mlir::runmat::KernelOp k, mlir::Block *body,
                                              llvm::ArrayRef<int64_t> dims,
                                              llvm::function_ref<mlir::Value(unsigned)> inputOf,
                                              llvm::function_ref<mlir::Value(unsigned)> scalarOf);

// A new kernel in place of `consumer` that computes `producer`'s result
// `result` where the consumer read it as input `input`, from the producer's
// own inputs and scalars; the consumer is erased, the producer left to its
// other users. Index remapping follows the consumer's map of that input
// (extents of 1 expand). Fails, with `why`, when the maps cannot compose.
mlir::FailureOr<mlir::runmat::KernelOp> inlineProducer(mlir::runmat::KernelOp consumer, unsigned input,
                                                       mlir::runmat::KernelOp producer, unsigned result,
                                                       std::string &why);

// Merges inputs that are the same value read through the same map, and
// scalars that are the same value. Returns the kernel (a new one if changed).
mlir::runmat::KernelOp dedupeOperands(mlir::runmat::KernelOp k);

// Scalars that are constants become constants inside the body (so the body
// can fold them), and x^2 with a constant 2 becomes x*x (exact: one
// rounding either way). Returns the kernel (a new one if changed).
mlir::runmat::KernelOp sinkConstantScalars(mlir::runmat::KernelOp k);

// A kernel like `k` with other inputs, maps and scalars; `k`'s regions move
// into it unchanged (the caller fixes the body's block arguments first).
mlir::runmat::KernelOp rebuildKernel(mlir::runmat::KernelOp k, mlir::ValueRange inputs,
                                     llvm::ArrayRef<llvm::SmallVector<int64_t>> maps, mlir::ValueRange scalars);

} // namespace runmat::patterns
