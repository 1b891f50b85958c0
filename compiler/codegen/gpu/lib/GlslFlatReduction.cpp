// The flat form of a reduction as GLSL (GlslKernelWriter.h): the space as
// one column-major run, 4 adjacent points per 16-byte load, one accumulator
// per slot (the rule it applies under is the contract's, ReductionSchedule.h).
#include "GlslKernelWriter.h"

#include "runmat/runmat_abi.h"
#include "runmat/support/Diagnostic.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

namespace runmat::codegen::glsl {

// Which inputs the flat form streams (read at every point): those that
// vary along every dimension; the others are read once per slot. No flat
// form when a streamed input is not single precision, none is streamed,
// the body reads its indices, loops or draws.
std::optional<std::vector<bool>> KernelWriter::flatStreams() {
  if (hasLoop() || jamCopies() || grouped_) return std::nullopt;
  Block &body = k_.getBodyBlock();
  for (int p = 0; p < rank_; ++p)
    if (!body.getArgument(p).use_empty()) return std::nullopt;
  std::vector<bool> streamed((size_t)nIn_, false);
  bool any = false;
  for (int t = 0; t < nIn_; ++t) {
    auto type = cast<RankedTensorType>(k_.getInputs()[t].getType());
    std::set<int64_t> varies;
    SmallVector<int64_t> map = k_.getInputMap(t);
    for (size_t d = 0; d < map.size(); ++d)
      if (map[d] >= 0 && type.getDimSize((int64_t)d) != 1) varies.insert(map[d]);
    bool everywhere = true; // varies along every dimension that is not a constant 1
    for (int p = 0; p < rank_; ++p)
      everywhere &= varies.count(p) || getConstantIntValue(k_.getSpace()[p]) == std::optional<int64_t>(1);
    if (!everywhere) continue;
    if (!elementOf(t).isF32()) return std::nullopt;
    streamed[(size_t)t] = any = true;
  }
  if (!any) return std::nullopt;
  return streamed;
}

std::string KernelWriter::flatPartial(int r, const std::string &index) {
  bool f64 = accType(r).isF64();
  std::string base = "(" + str(r) + " * Q * G" + (f64 ? "" : " * 2") + ")";
  return std::string("part") + (f64 ? "F64" : "F32") + ".v[" + base + " + " + index + "]";
}

FailureOr<KernelWriter::FlatValues> KernelWriter::flatBodies(const std::vector<bool> &streamed, int trips, const std::string &indent) {
  static const char *lane[] = {"x", "y", "z", "w"};
  FlatValues values((size_t)kFlatSlots);
  for (int j = 0; j < kFlatSlots; ++j)
    for (int u = 0; u < trips; ++u) {
      std::vector<std::string> inputs;
      for (int t = 0; t < nIn_; ++t)
        inputs.push_back(streamed[(size_t)t] ? "x" + str(t) + "_" + str(u) + "." + lane[j]
                                             : "h" + str(t) + slotName(j));
      auto results = scalar_.emitBlock(k_.getBodyBlock(), bodyArgs(inputs, "f" + str(j) + "_"), indent);
      if (failed(results)) return failure();
      std::vector<std::string> converted;
      for (int r = 0; r < nOut_; ++r) {
        Type from = k_.getBodyBlock().getTerminator()->getOperand(r).getType();
        converted.push_back(scalar_.convert((*results)[(size_t)r], from, accType(r)));
      }
      values[(size_t)j].push_back(converted);
    }
  return values;
}

// Body results of `trips` loads in flight (x<t>_<u>) at each slot, then
// each slot's accumulators: sums add a trip's values pairwise and
// compensate once.
LogicalResult KernelWriter::flatAccumulate(const std::vector<bool> &streamed, int trips, const std::string &indent) {
  auto bodies = flatBodies(streamed, trips, indent);
  if (failed(bodies)) return failure();
  const FlatValues &values = *bodies;
  for (int j = 0; j < kFlatSlots; ++j)
    for (int r = 0; r < nOut_; ++r) {
      if (!kahan(r)) {
        for (int u = 0; u < trips; ++u)
          body_ += indent + "acc" + str(r) + slotName(j) + " = " +
                   combine(r, "acc" + str(r) + slotName(j), values[(size_t)j][(size_t)u][(size_t)r]) + ";\n";
        continue;
      }
      std::vector<std::string> level;
      for (int u = 0; u < trips; ++u) level.push_back(values[(size_t)j][(size_t)u][(size_t)r]);
      while (level.size() > 1) {
        std::vector<std::string> next;
        for (size_t i = 0; i + 1 < level.size(); i += 2) next.push_back("(" + level[i] + " + " + level[i + 1] + ")");
        if (level.size() % 2) next.push_back(level.back());
        level = next;
      }
      accumulate(r, level[0], indent, slotName(j));
    }
  return success();
}

// Whether the flat loop walks its data from the end: when the kernel
// just before this one wrote a streamed input (map kernels walk from the
// start), the cache still holds that input's end, and a walk from the
// start would evict it before reaching it. image_normalize's statistics
// pass after the draw: 0.141 -> 0.138 ms on the H200; its second pass,
// which then walks forward into the start the first left cached: 0.193 ->
// 0.190 ms.
bool KernelWriter::walksBackward(const std::vector<bool> &streamed) {
  auto isTensor = [](Type t) { return isa<TensorType>(t); };
  Operation *op = k_->getPrevNode();
  for (; op && !isa<rm::KernelOp>(op); op = op->getPrevNode())
    if (llvm::any_of(op->getOperandTypes(), isTensor) || llvm::any_of(op->getResultTypes(), isTensor))
      return false; // something else touches memory in between
  auto previous = dyn_cast_or_null<rm::KernelOp>(op);
  if (!previous || previous.isReduction()) return false;
  for (int t = 0; t < nIn_; ++t)
    if (streamed[(size_t)t] && k_.getInputs()[t].getDefiningOp() == previous.getOperation()) return true;
  return false;
}

LogicalResult KernelWriter::emitFlat(const std::vector<bool> &streamed) {
  beginReduction(kFlatSlots);
  body_ += "  const int T = int(gl_GlobalInvocationID.x);\n";
  body_ += "  const int NT = int(gl_NumWorkGroups.x) * RM_WG;\n";
  body_ += "  const int N = O * P;\n";
  body_ += "  const int C = N >> 2; // whole 16-byte loads\n";
  for (int t = 0; t < nIn_; ++t)
    if (streamed[(size_t)t])
      body_ += "  RmInF32x4 in" + str(t) + "x4 = RmInF32x4(rm_addr(a, " + str(runmat_gpu_word_addr(t)) + "));\n";
  std::vector<int> all;
  for (int p = 0; p < rank_; ++p) all.push_back(p);
  // Slot j of every load of this invocation is a point whose position
  // modulo Q is (4 * t + j) % Q (Q divides 4 * RM_WG): its indices over
  // the leading dimensions, the other inputs' elements there.
  // Backward, this invocation's chunks are C - 1 - c for the c it would
  // take forward: slot j's residue is (4 (C - 1 - T) + j) % Q, as Q
  // divides 4 * NT (an invocation past the last chunk takes none).
  const bool backward = walksBackward(streamed);
  // Where slot j's accumulators go in rm_fl: an index of the slot's residue
  // modulo Q, one per slot of the workgroup. Backward that residue is
  // 4 (C - 1) - 4 t + j modulo Q, which 4 (RM_WG - 1 - t) + j + 4C is too.
  auto slotIndex = [&](int j) {
    return backward ? "(4 * (RM_WG - 1 - t) + " + str(j) + " + (4 * C) % Q) % (4 * RM_WG)"
                    : str(kFlatSlots) + " * t + " + str(j);
  };
  for (int j = 0; j < kFlatSlots; ++j) {
    std::string position = backward ? "4 * max(C - 1 - T, 0) + " + str(j) : str(kFlatSlots) + " * t + " + str(j);
    decompose(all, "(" + position + ") % Q", "  ", false, "f" + str(j) + "_");
    for (int t = 0; t < nIn_; ++t)
      if (!streamed[(size_t)t])
        body_ += "  const " + scalar_.type(elementOf(t)) + " h" + str(t) + slotName(j) + " = " +
                 load(t, offset(t, all, "f" + str(j) + "_")) + ";\n";
    declareAccumulators("  ", slotName(j));
  }
  auto loads = [&](int trips, const std::string &indent) {
    for (int u = 0; u < trips; ++u)
      for (int t = 0; t < nIn_; ++t)
        if (streamed[(size_t)t])
          body_ += indent + "const vec4 x" + str(t) + "_" + str(u) + " = in" + str(t) + "x4.v[" +
                   (backward ? "C - 1 - (c + " + str(u) + " * NT)" : "c + " + str(u) + " * NT") + "];\n";
  };
  body_ += "  int c = T;\n";
  auto mainLoop = [&](const std::string &indent) {
    body_ += indent + "for (; c + " + str(kFlatUnroll - 1) + " * NT < C; c += " + str(kFlatUnroll) + " * NT) {\n";
    loads(kFlatUnroll, indent + "  ");
    if (failed(flatAccumulate(streamed, kFlatUnroll, indent + "  "))) return failure();
    body_ += indent + "}\n";
    return success();
  };
  // The main loop without a branch at each point, nor a guard in each
  // compensated sum: an op whose rare inputs need a slower form (a
  // constant power outside its range, NaN) only sets rm_slow, a sum that
  // met an infinity ends non-finite, and an invocation with either starts
  // over with the branches and guards. On the H200 image_normalize's
  // second pass took 0.202 ms with a branch at each point, 0.193 this way
  // (0.174 with no check at all): the driver schedules the operations
  // between two branches on their own.
  size_t fastStart = body_.size();
  FailureOr<bool> flagged = emitFastForm([&] { return mainLoop("  "); }, /*unguardedSums=*/true);
  if (failed(flagged)) return failure();
  bool compensated = false;
  for (int r = 0; r < nOut_; ++r) compensated |= kahan(r);
  if (*flagged || compensated) {
    for (int j = 0; j < kFlatSlots; ++j)
      for (int r = 0; r < nOut_; ++r)
        if (kahan(r))
          for (const char *v : {"acc", "comp"}) {
            std::string n = v + str(r) + slotName(j);
            body_ += "  rm_slow = rm_slow || isinf(" + n + ") || isnan(" + n + ");\n";
          }
    body_ += "  [[dont_flatten]] if (rm_slow) {\n";
    for (int j = 0; j < kFlatSlots; ++j)
      for (int r = 0; r < nOut_; ++r) {
        body_ += "    acc" + str(r) + slotName(j) + " = " + identity(r) + ";\n";
        if (kahan(r)) body_ += "    comp" + str(r) + slotName(j) + " = " + identity(r) + ";\n";
      }
    body_ += "    c = T;\n";
    if (failed(mainLoop("    "))) return failure();
    body_ += "  }\n";
  } else { // nothing to redo
    body_.resize(fastStart);
    if (failed(mainLoop("  "))) return failure();
  }
  body_ += "  for (; c < C; c += NT) {\n";
  loads(1, "    ");
  if (failed(flatAccumulate(streamed, 1, "    "))) return failure();
  body_ += "  }\n";
  // The last N % 4 points (only when Q < 4, so slot j's residue is the
  // point's): invocation 0's slots, one point each.
  body_ += "  if (T == 0) {\n";
  for (int j = 0; j < kFlatSlots; ++j) {
    body_ += "    if (4 * C + " + str(j) + " < N) {\n";
    std::vector<std::string> inputs;
    for (int t = 0; t < nIn_; ++t) {
      if (!streamed[(size_t)t]) {
        inputs.push_back("h" + str(t) + slotName(j));
        continue;
      }
      std::string n = scalar_.fresh("x");
      body_ += "      const float " + n + " = " + load(t, "4 * C + " + str(j)) + ";\n";
      inputs.push_back(n);
    }
    auto results = scalar_.emitBlock(k_.getBodyBlock(), bodyArgs(inputs, "f" + str(j) + "_"), "      ");
    if (failed(results)) return failure();
    for (int r = 0; r < nOut_; ++r) {
      Type from = k_.getBodyBlock().getTerminator()->getOperand(r).getType();
      accumulate(r, scalar_.convert((*results)[(size_t)r], from, accType(r)), "      ", slotName(j));
    }
    body_ += "    }\n";
  }
  body_ += "  }\n";
  // The workgroup's 4 * RM_WG slots down to Q residues (a slot and the
  // one s further have the same residue while Q divides s), then to the
  // partial results of this workgroup.
  for (int r = 0; r < nOut_; ++r)
    for (int j = 0; j < kFlatSlots; ++j) {
      std::string acc = "acc" + str(r) + slotName(j);
      if (kahan(r)) body_ += "  " + acc + " -= comp" + str(r) + slotName(j) + ";\n";
      body_ += "  rm_fl" + str(r) + "[" + slotIndex(j) + "] = " + acc + ";\n";
    }
  body_ += "  barrier();\n";
  body_ += "  for (int s = " + str(kFlatSlots / 2) + " * RM_WG; s >= Q; s >>= 1) {\n";
  body_ += "    for (int i = t; i < s; i += RM_WG) {\n";
  for (int r = 0; r < nOut_; ++r) {
    std::string sh = "rm_fl" + str(r);
    body_ += "      " + sh + "[i] = " + combine(r, sh + "[i]", sh + "[i + s]") + ";\n";
  }
  body_ += "    }\n";
  body_ += "    barrier();\n";
  body_ += "  }\n";
  body_ += "  const int g = int(gl_WorkGroupID.x);\n";
  body_ += "  for (int i = t; i < Q; i += RM_WG) {\n";
  for (int r = 0; r < nOut_; ++r) body_ += "    " + flatPartial(r, "i * G + g") + " = rm_fl" + str(r) + "[i];\n";
  body_ += "  }\n";
  countIn("  ", "0");
  body_ += "  if (!rm_last) return;\n";
  body_ += "  memoryBarrierBuffer();\n";
  // The last workgroup: each residue's G partials over LR lanes (four
  // loads in flight per lane), then a tree over the lanes.
  body_ += "  const int LR = Q < RM_WG ? RM_WG / Q : 1;\n";
  body_ += "  const int lane = t % LR;\n";
  body_ += "  for (int b0 = 0; b0 < Q; b0 += RM_WG / LR) {\n";
  body_ += "    const int rho = b0 + t / LR;\n";
  for (int r = 0; r < nOut_; ++r)
    body_ += "    " + scalar_.type(accType(r)) + " acc" + str(r) + " = " + identity(r) + ";\n";
  body_ += "    if (rho < Q) {\n";
  combinePartials("      ", "lane", "LR", [&](int r, const std::string &j) { return flatPartial(r, "rho * G + " + j); });
  body_ += "    }\n";
  sharedTree("    ", "lane", "LR", "s");
  body_ += "    if (lane == 0 && rho < Q) {\n";
  for (int r = 0; r < nOut_; ++r) body_ += "      rm_fl" + str(r) + "[rho] = rm_sh" + str(r) + "[t];\n";
  body_ += "    }\n";
  body_ += "    barrier();\n";
  body_ += "  }\n";
  // Output o combines the Q / O residues with its kept indices (the
  // reduced ones among the leading dimensions enumerated in order), then
  // runs the epilogue.
  body_ += "  for (int o = t; o < O; o += RM_WG) {\n";
  decompose(kept_, "o", "    ");
  for (int r = 0; r < nOut_; ++r)
    body_ += "    " + scalar_.type(accType(r)) + " acc" + str(r) + " = " + identity(r) + ";\n";
  body_ += "    for (int n = 0; n < Q / O; ++n) {\n";
  decompose(red_, "n", "      ", false, "ri");
  std::string rho, extentsBefore = "1";
  for (int p = 0; p < rank_; ++p) {
    rho += std::string(rho.empty() ? "" : " + ") + (reduced_.count(p) ? "ri" : "i") + str(p) + " * " + extentsBefore;
    extentsBefore += " * e" + str(p);
  }
  body_ += "      const int rho = " + rho + ";\n";
  for (int r = 0; r < nOut_; ++r)
    body_ += "      acc" + str(r) + " = " + combine(r, "acc" + str(r), "rm_fl" + str(r) + "[rho]") + ";\n";
  body_ += "    }\n";
  if (failed(writeOutputs("    "))) return failure();
  body_ += "  }\n";
  body_ += "}\n";
  return success();
}

// The complete shader: version, the extensions the body turned out to
// need, the library, then the body.
std::string KernelWriter::assemble(const std::string &code) {
  std::string s = "#version 460\n";
  s += "#extension GL_EXT_buffer_reference : require\n";
  s += "#extension GL_EXT_buffer_reference_uvec2 : require\n";
  s += "#extension GL_EXT_spirv_intrinsics : require\n";       // NMax, NMin
  s += "#extension GL_EXT_control_flow_attributes : require\n"; // [[dont_flatten]]
  if (features_.int8) {
    s += "#extension GL_EXT_shader_explicit_arithmetic_types_int8 : require\n";
    s += "#extension GL_EXT_shader_8bit_storage : require\n";
  }
  if (features_.int64) s += "#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require\n";
  if (k_.isReduction() || grouped_) {
    s += "#extension GL_KHR_shader_subgroup_arithmetic : require\n";
    s += "#extension GL_KHR_shader_subgroup_vote : require\n";
    s += "#extension GL_KHR_shader_subgroup_basic : require\n";
  }
  s += "layout(constant_id = 0) const int RM_WG = 256;\n";
  s += "layout(local_size_x_id = 0) in;\n\n";
  s += glslLibrarySource("prelude.glsl");
  if (features_.int8) s += glslLibrarySource("prelude_u8.glsl");
  s += glslLibrarySource("math_f32.glsl");
  if (scalar_.fastMath) s += glslLibrarySource("math_fast_f32.glsl");
  if (k_.isReduction() || grouped_) s += glslLibrarySource("reduce.glsl");
  if (features_.float64) {
    s += glslLibrarySource("prelude_f64.glsl");
    s += glslLibrarySource("math_f64.glsl");
    if (k_.isReduction() || grouped_) s += glslLibrarySource("reduce_f64.glsl");
  }
  if (usesRandom_) {
    s += glslLibrarySource("philox.glsl");
    if (features_.float64) s += glslLibrarySource("philox_f64.glsl");
  }
  s += "\n// kernel: " + k_.getLabel().value_or("").str() + "\n";
  return s + code;
}

} // namespace runmat::codegen::glsl
