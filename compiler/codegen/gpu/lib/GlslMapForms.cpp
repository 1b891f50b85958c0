// Map kernels as GLSL (GlslKernelWriter.h): the grid-stride loop over the
// column-major linear index, its fast form, and the jammed form of a body
// that draws random numbers (4 neighbouring points per invocation).
#include "GlslKernelWriter.h"

#include "runmat/runmat_abi.h"
#include "runmat/support/Diagnostic.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

namespace runmat::codegen::glsl {

// What both map forms start with: the prologue, the number of points
// (total) and the grid's stride (step).
void KernelWriter::beginMap() {
  body_ += "void main() {\n";
  prologue();
  std::string total = "1u";
  for (int p = 0; p < rank_; ++p) total += " * uint(e" + str(p) + ")";
  body_ += "  const uint total = " + total + ";\n";
  body_ += "  if (total == 0u) return; // (no extent of 0 to divide by below)\n";
  body_ += "  const uint step = gl_NumWorkGroups.x * uint(RM_WG);\n";
}

// The grid-stride loop keeps the point's indices and advances them by the
// stride with carries: integer division by a run-time extent costs more
// than many a kernel's arithmetic.
// The fast form of a kernel's loop, emitted by `loop`: no branch at each
// point, as ops whose rare inputs need a slower form (constant powers out
// of their range) set rm_slow instead, and with unguardedSums no guard
// against infinities in compensated sums. Gives whether any op set the
// flag; the caller redoes an invocation's work where it is set.
FailureOr<bool> KernelWriter::emitFastForm(const std::function<LogicalResult()> &loop, bool unguardedSums) {
  body_ += "  bool rm_slow = false;\n";
  scalar_.slowFlag = "rm_slow";
  scalar_.slowFlagUsed = false;
  guardInfinity_ = !unguardedSums;
  LogicalResult fast = loop();
  scalar_.slowFlag.clear();
  guardInfinity_ = true;
  if (failed(fast)) return failure();
  return scalar_.slowFlagUsed;
}

LogicalResult KernelWriter::emitMap() {
  if (int copies = jamCopies()) return emitJammedMap(copies);
  beginMap();
  std::vector<int> all;
  for (int p = 0; p < rank_; ++p) all.push_back(p);
  decompose(all, "int(step)", "  ", /*mutableIndices=*/false, "sd");
  auto loop = [&](const std::string &indent) {
    decompose(all, "int(min(gl_GlobalInvocationID.x, total))", indent, /*mutableIndices=*/true);
    body_ += indent + "for (uint lin = gl_GlobalInvocationID.x; lin < total; lin += step) {\n";
    auto inputs = loadInputs([&](int t) { return offset(t, all); }, indent + "  ");
    auto results = emitBody(inputs, indent + "  ");
    if (failed(results)) return failure();
    for (int r = 0; r < nOut_; ++r)
      body_ += indent + "  " + store(nIn_ + r, offset(nIn_ + r, all), (*results)[r]) + "\n";
    advance(all, "sd", indent + "  ");
    body_ += indent + "}\n";
    return success();
  };
  // As the flat reductions' main loop: no branch at each point for rare
  // inputs (constant powers out of their fast range), a flag instead, and
  // an invocation that set it stores its points again with the branches
  // (outputs never alias inputs, so the first pass's stores are simply
  // overwritten).
  size_t fastStart = body_.size();
  FailureOr<bool> flagged = emitFastForm([&] { return loop("  "); }, /*unguardedSums=*/false);
  if (failed(flagged)) return failure();
  if (*flagged) {
    body_ += "  [[dont_flatten]] if (rm_slow) {\n";
    if (failed(loop("    "))) return failure();
    body_ += "  }\n";
  } else {
    body_.resize(fastStart);
    if (failed(loop("  "))) return failure();
  }
  body_ += "}\n";
  return success();
}

// A map kernel that draws random numbers computes 4 neighbouring points
// per invocation (0 when it should not): a Philox block gives 4 single
// (2 double) elements, so the copies share one block instead of running
// Philox 4 times. Its loops must have the same bounds at every point.
int KernelWriter::jamCopies() {
  if (!k_.drawsRandom()) return 0;
  Block &body = k_.getBodyBlock();
  bool uniformLoops = true;
  unsigned firstScalar = 2 * rank_ + nIn_;
  auto sameEverywhere = [&](Value v) {
    if (v.getDefiningOp<arith::ConstantOp>()) return true;
    auto arg = dyn_cast<BlockArgument>(v);
    return arg && arg.getOwner() == &body && arg.getArgNumber() >= firstScalar;
  };
  body.walk([&](scf::ForOp loop) {
    uniformLoops &= sameEverywhere(loop.getLowerBound()) && sameEverywhere(loop.getUpperBound()) &&
                    sameEverywhere(loop.getStep());
  });
  return uniformLoops ? 4 : 0;
}

// Invocation g computes points 4g .. 4g+3 (linear, column-major), each
// copy clamped to the last point and storing only when inside.
LogicalResult KernelWriter::emitJammedMap(int copies) {
  points_ = copies;
  beginMap();
  body_ += "  const uint groups = (total + " + str(copies - 1) + "u) / " + str(copies) + "u;\n";
  std::vector<int> all;
  for (int p = 0; p < rank_; ++p) all.push_back(p);
  auto prefix = [](int c) { return "p" + str(c) + "_"; };
  // Copy 0's indices advance by the stride with carries (its point is
  // always inside); copy c's are copy c-1's plus one point.
  decompose(all, "int(min(gl_GlobalInvocationID.x * " + str(copies) + "u, total))", "  ", true, prefix(0));
  decompose(all, "int(step * " + str(copies) + "u)", "  ", false, "sd");
  body_ += "  for (uint g = gl_GlobalInvocationID.x; g < groups; g += step) {\n";
  std::vector<std::vector<std::string>> args;
  for (int c = 0; c < copies; ++c) {
    if (c > 0) {
      for (int p : all) body_ += "    int " + prefix(c) + str(p) + " = " + prefix(c - 1) + str(p) + ";\n";
      body_ += "    if (g * " + str(copies) + "u + " + str(c) + "u < total) {\n";
      std::string closing;
      for (size_t j = 0; j < all.size(); ++j) {
        std::string i = prefix(c) + str(all[j]), in = "      " + std::string(2 * j, ' ');
        body_ += in + i + " += 1;\n";
        if (j + 1 < all.size()) {
          body_ += in + "if (" + i + " == e" + str(all[j]) + ") {\n" + in + "  " + i + " = 0;\n";
          closing = in + "}\n" + closing;
        }
      }
      body_ += closing + "    }\n";
    }
    args.push_back(bodyArgs(loadInputs([&](int t) { return offset(t, all, prefix(c)); }, "    "), prefix(c)));
  }
  auto results = scalar_.emitBlockJammed(k_.getBodyBlock(), args, "    ");
  if (failed(results)) return failure();
  for (int r = 0; r < nOut_; ++r) {
    // Single-precision results whose 4 points are adjacent in memory go
    // out as one 16-byte store: 4 stores 4 bytes apart per lane would
    // each touch a warp's whole span.
    bool wide = copies == 4 && elementOf(nIn_ + r).isF32();
    std::string indent = wide ? "      " : "    ";
    if (wide) {
      std::string o = "wo" + str(r), addr = "rm_addr(a, " + str(runmat_gpu_word_addr(nIn_ + r)) + ")";
      for (int c = 0; c < copies; ++c)
        body_ += "    const int " + o + "_" + str(c) + " = " + offset(nIn_ + r, all, prefix(c)) + ";\n";
      body_ += "    if (g * 4u + 3u < total && " + o + "_1 == " + o + "_0 + 1 && " + o + "_2 == " + o + "_0 + 2 && " + o +
               "_3 == " + o + "_0 + 3 && ((" + o + "_0 & 3) | int(" + addr + ".x & 15u)) == 0) {\n";
      body_ += "      RmOutF32x4(" + addr + ").v[" + o + "_0 >> 2] = vec4(" + (*results)[0][r] + ", " +
               (*results)[1][r] + ", " + (*results)[2][r] + ", " + (*results)[3][r] + ");\n";
      body_ += "    } else {\n";
    }
    for (int c = 0; c < copies; ++c) {
      body_ += indent + "if (g * " + str(copies) + "u + " + str(c) + "u < total) " +
               store(nIn_ + r, offset(nIn_ + r, all, prefix(c)), (*results)[c][r]) + "\n";
    }
    if (wide) body_ += "    }\n";
  }
  advance(all, "sd", "    ", prefix(0));
  body_ += "  }\n}\n";
  return success();
}

} // namespace runmat::codegen::glsl
