// Reductions split over workgroups as GLSL (GlslKernelWriter.h): OB outputs
// times L lanes per workgroup and a slice of the reduced points; lanes
// combine through subgroups or a shared-memory tree; the last workgroup of
// each group of outputs combines the partial results (one dispatch).
#include "GlslKernelWriter.h"

#include "runmat/runmat_abi.h"
#include "runmat/support/Diagnostic.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

namespace runmat::codegen::glsl {

std::string KernelWriter::identity(rm::ReduceKind kind, bool f64) {
  switch (kind) {
  case rm::ReduceKind::Prod: return f64 ? "1.0LF" : "1.0";
  case rm::ReduceKind::Max:
  case rm::ReduceKind::Min: return f64 ? "RM_NAN_F64" : "RM_NAN_F32";
  default: return f64 ? "0.0LF" : "0.0";
  }
}

std::string KernelWriter::combine(rm::ReduceKind kind, const std::string &a, const std::string &b) {
  switch (kind) {
  case rm::ReduceKind::Prod: return "(" + a + " * " + b + ")";
  case rm::ReduceKind::Max: return "rm_maxnum(" + a + ", " + b + ")";
  case rm::ReduceKind::Min: return "rm_minnum(" + a + ", " + b + ")";
  default: return "(" + a + " + " + b + ")";
  }
}

std::string KernelWriter::subgroupCombine(rm::ReduceKind kind, const std::string &a) {
  switch (kind) {
  case rm::ReduceKind::Prod: return "subgroupMul(" + a + ")";
  case rm::ReduceKind::Max: return "rm_subgroup_maxnum(" + a + ")";
  case rm::ReduceKind::Min: return "rm_subgroup_minnum(" + a + ")";
  default: return "subgroupAdd(" + a + ")";
  }
}

void KernelWriter::accumulate(int r, const std::string &value, const std::string &indent, const std::string &slot) {
  std::string acc = "acc" + str(r) + slot, comp = "comp" + str(r) + slot;
  if (kahan(r)) {
    std::string ty = scalar_.type(accType(r));
    // An infinite sum keeps no compensation (inf - inf would be NaN).
    // (mix with a bool is a select; ?: may become a branch.)
    std::string error = "(s - " + acc + ") - y";
    if (guardInfinity_) error = "mix(" + error + ", " + identity(r) + ", isinf(s))";
    body_ += indent + "{ " + ty + " y = " + value + " - " + comp + "; precise " + ty + " s = " + acc + " + y; " +
             comp + " = " + error + "; " + acc + " = s; }\n";
  } else {
    body_ += indent + acc + " = " + combine(r, acc, value) + ";\n";
  }
}

void KernelWriter::declareAccumulators(const std::string &indent, const std::string &slot) {
  for (int r = 0; r < nOut_; ++r) {
    std::string ty = scalar_.type(accType(r));
    body_ += indent + ty + " acc" + str(r) + slot + " = " + identity(r) + ";\n";
    if (kahan(r)) body_ += indent + ty + " comp" + str(r) + slot + " = " + identity(r) + ";\n";
  }
}

std::string KernelWriter::partial(int r, const std::string &index) {
  bool f64 = accType(r).isF64();
  // result r's slots start at r * O * G 8-byte slots
  std::string base = "(" + str(r) + " * O * G" + (f64 ? "" : " * 2") + ")";
  return std::string("part") + (f64 ? "F64" : "F32") + ".v[" + base + " + " + index + "]";
}

void KernelWriter::declarePartials() {
  bool f32 = false, f64 = false;
  for (int r = 0; r < nOut_; ++r) (accType(r).isF64() ? f64 : f32) = true;
  int w = runmat_gpu_word_partial(nt_);
  if (f32) body_ += "  RmPartialF32 partF32 = RmPartialF32(rm_addr(a, " + str(w) + "));\n";
  if (f64) body_ += "  RmPartialF64 partF64 = RmPartialF64(rm_addr(a, " + str(w) + "));\n";
}

void KernelWriter::reduceParams() {
  int w = runmat_gpu_word_reduce(nt_, ns_, rank_);
  const char *names[] = {"O", "P", "OB", "L", "G", "OG", "LF", "Q"};
  static_assert(sizeof names / sizeof *names == RUNMAT_GPU_RED_WORDS, "one name per reduction word");
  for (int i = 0; i < RUNMAT_GPU_RED_WORDS; ++i)
    body_ += std::string("  const int ") + names[i] + " = int(" + word(w + i) + ");\n";
}

// From the accumulators of output o (kept indices already set): the
// epilogue, then the stores.
LogicalResult KernelWriter::writeOutputs(const std::string &indent) {
  std::vector<std::string> args;
  for (int r = 0; r < nOut_; ++r) args.push_back("acc" + str(r));
  for (int p = 0; p < rank_; ++p) args.push_back("e" + str(p));
  for (int s = 0; s < ns_; ++s) args.push_back("s" + str(s)); // when the epilogue takes the scalars
  auto results = scalar_.emitBlock(k_.getEpilogue().front(), args, indent);
  if (failed(results)) return failure();
  for (int r = 0; r < nOut_; ++r) body_ += indent + store(nIn_ + r, offset(nIn_ + r, kept_), (*results)[r]) + "\n";
  return success();
}

// Lane 0 of each output holds its combined accumulators: it writes them.
LogicalResult KernelWriter::storeFromLaneZero(const std::string &indent) {
  body_ += indent + "if (l == 0 && o < O) {\n";
  decompose(kept_, "o", indent + "  ");
  if (failed(writeOutputs(indent + "  "))) return failure();
  body_ += indent + "}\n";
  return success();
}

// After its partial results are written, a workgroup counts itself in on
// counter `index`: rm_last tells the last one of the G.
void KernelWriter::countIn(const std::string &indent, const std::string &index) {
  body_ += indent + "memoryBarrierBuffer();\n";
  body_ += indent + "barrier();\n";
  body_ += indent + "if (t == 0) rm_last = atomicAdd(counter.v[" + index + "], 1u) == uint(G - 1);\n";
  body_ += indent + "barrier();\n";
}

// What both reduction forms start with: the shared arrays (rm_sh, and
// rm_fl of `slots` per thread when slots > 0), main's prologue, the
// reduction words, the partial results, the counter, the thread index t.
void KernelWriter::beginReduction(int slots) {
  for (int r = 0; r < nOut_; ++r) {
    std::string ty = scalar_.type(accType(r));
    if (slots > 0) body_ += "shared " + ty + " rm_fl" + str(r) + "[" + str(slots) + " * RM_WG];\n";
    body_ += "shared " + ty + " rm_sh" + str(r) + "[RM_WG];\n";
  }
  body_ += "shared bool rm_last;\n";
  body_ += "void main() {\n";
  prologue();
  reduceParams();
  declarePartials();
  body_ += "  RmCounter counter = RmCounter(rm_addr(a, " + str(runmat_gpu_word_counter(nt_)) + "));\n";
  body_ += "  const int t = int(gl_LocalInvocationID.x);\n";
}

LogicalResult KernelWriter::emitPartial() {
  beginReduction(0);
  body_ += "  const bool lanesFirst = LF != 0;\n";
  body_ += "  const int ob = lanesFirst ? t / L : t % OB, l = lanesFirst ? t % L : t / OB;\n";
  body_ += "  const int g = int(gl_WorkGroupID.y);\n";
  body_ += "  for (int og = int(gl_WorkGroupID.x); og < OG; og += int(gl_NumWorkGroups.x)) {\n";
  body_ += "    const int o = og * OB + ob;\n";
  declareAccumulators("    ");
  body_ += "    if (o < O) {\n";
  decompose(kept_, "o", "      ");
  for (int t = 0; t < nIn_; ++t) body_ += "      const int base" + str(t) + " = " + offset(t, kept_) + ";\n";
  if (int copies = jamCopies()) {
    if (failed(emitJammedReduceLoop(copies))) return failure();
  } else {
    // The reduced indices of r, then advanced by the stride G * L with
    // carries: no integer division per point.
    body_ += "      int r = g * L + l;\n";
    decompose(red_, "r", "      ", /*mutableIndices=*/true);
    decompose(red_, "G * L", "      ", /*mutableIndices=*/false, "sd");
    if (!hasLoop() && failed(emitUnrolledReduceLoop())) return failure();
    body_ += "      for (; r < P; r += G * L) {\n";
    auto inputs = loadInputs([&](int t) { return "base" + str(t) + " + " + offset(t, red_); }, "        ");
    auto results = emitBody(inputs, "        ");
    if (failed(results)) return failure();
    accumulateAll(*results, "        ");
    advanceReduced("        ");
    body_ += "      }\n";
  }
  for (int r = 0; r < nOut_; ++r)
    if (kahan(r)) body_ += "      acc" + str(r) + " -= comp" + str(r) + ";\n";
  body_ += "    }\n";
  emitLaneCombine();
  body_ += "    if (G == 1) {\n";
  if (failed(storeFromLaneZero("      "))) return failure();
  body_ += "    } else {\n";
  // Split over G workgroups: each leaves its partial results; the last to
  // count itself in (an atomic counter per group of outputs) combines them
  // and runs the epilogue, so a reduction is one dispatch.
  body_ += "      if (l == 0 && o < O) {\n";
  for (int r = 0; r < nOut_; ++r) body_ += "        " + partial(r, "o * G + g") + " = acc" + str(r) + ";\n";
  body_ += "      }\n";
  countIn("      ", "og");
  body_ += "      if (rm_last) {\n";
  body_ += "        memoryBarrierBuffer();\n";
  for (int r = 0; r < nOut_; ++r) body_ += "        acc" + str(r) + " = " + identity(r) + ";\n";
  // Four partials loaded per trip before they are combined (in the same
  // order): one at a time, a reduction with few outputs waited on each
  // (image_normalize's statistics: 2048 partials per output over 16 lanes).
  body_ += "        if (o < O) {\n";
  combinePartials("          ", "l", "L", [&](int r, const std::string &j) { return partial(r, "o * G + " + j); });
  body_ += "        }\n";
  emitLaneCombine();
  if (failed(storeFromLaneZero("        "))) return failure();
  body_ += "      }\n";
  body_ += "    }\n";
  body_ += "    barrier();\n";
  body_ += "  }\n}\n";
  return success();
}

// acc_r combined with partial results at(r, j) for j = lane, lane + step,
// ... < G, kPartialsInFlight loaded per trip before they are combined (in
// order): only the last workgroup runs this, after all the others, so
// its round trips to memory are the kernel's tail.
void KernelWriter::combinePartials(const std::string &indent, const std::string &lane, const std::string &step,
                     const std::function<std::string(int, const std::string &)> &at) {
  const int n = kPartialsInFlight;
  body_ += indent + "int j = " + lane + ";\n";
  body_ += indent + "for (; j + " + str(n - 1) + " * " + step + " < G; j += " + str(n) + " * " + step + ") {\n";
  for (int r = 0; r < nOut_; ++r)
    for (int u = 0; u < n; ++u)
      body_ += indent + "  const " + scalar_.type(accType(r)) + " rp" + str(r) + "_" + str(u) + " = " +
               at(r, "j + " + str(u) + " * " + step) + ";\n";
  for (int r = 0; r < nOut_; ++r)
    for (int u = 0; u < n; ++u)
      body_ += indent + "  acc" + str(r) + " = " + combine(r, "acc" + str(r), "rp" + str(r) + "_" + str(u)) + ";\n";
  body_ += indent + "}\n";
  body_ += indent + "for (; j < G; j += " + step + ") {\n";
  for (int r = 0; r < nOut_; ++r)
    body_ += indent + "  acc" + str(r) + " = " + combine(r, "acc" + str(r), at(r, "j")) + ";\n";
  body_ += indent + "}\n";
}

void KernelWriter::accumulateAll(const std::vector<std::string> &results, const std::string &indent) {
  for (int r = 0; r < nOut_; ++r) {
    Type from = k_.getBodyBlock().getTerminator()->getOperand(r).getType();
    accumulate(r, scalar_.convert(results[r], from, accType(r)), indent);
  }
}

// Indices <name>p over `dims` (column-major, the last unbounded) advance
// by the stride whose own indices are <by>p, with carries.
void KernelWriter::advance(const std::vector<int> &dims, const std::string &by, const std::string &indent,
             const std::string &name) {
  body_ += indent + "{\n" + indent + "  int carry = 0;\n";
  for (size_t j = 0; j < dims.size(); ++j) {
    std::string i = name + str(dims[j]), e = "e" + str(dims[j]);
    body_ += indent + "  " + i + " += " + by + str(dims[j]) + " + carry;\n";
    if (j + 1 < dims.size())
      body_ += indent + "  carry = " + i + " >= " + e + " ? 1 : 0;\n" + indent + "  " + i + " -= carry * " + e + ";\n";
  }
  body_ += indent + "}\n";
}

LogicalResult KernelWriter::emitUnrolledReduceLoop() {
  body_ += "      for (; r < P - " + str(kUnroll - 1) + " * G * L; r += " + str(kUnroll) + " * G * L) {\n";
  std::vector<int> all;
  for (int p = 0; p < rank_; ++p) all.push_back(p);
  std::vector<std::vector<std::string>> args;
  for (int u = 0; u < kUnroll; ++u) {
    std::string prefix = "u" + str(u) + "_";
    for (int p : all) body_ += "        const int " + prefix + str(p) + " = i" + str(p) + ";\n";
    args.push_back(bodyArgs(
        loadInputs([&](int t) { return "base" + str(t) + " + " + offset(t, red_, prefix); }, "        "), prefix));
    advanceReduced("        ");
  }
  for (int u = 0; u < kUnroll; ++u) {
    auto results = scalar_.emitBlock(k_.getBodyBlock(), args[u], "        ");
    if (failed(results)) return failure();
    accumulateAll(*results, "        ");
  }
  body_ += "      }\n";
  return success();
}

// The reduction loop of a kernel that draws random numbers: each lane
// takes 4 neighbouring reduced points per trip (see jamCopies), clamped
// to the last point and accumulated only when inside.
LogicalResult KernelWriter::emitJammedReduceLoop(int copies) {
  std::string n = str(copies);
  body_ += "      for (int r = (g * L + l) * " + n + "; r < P; r += G * L * " + n + ") {\n";
  std::vector<std::vector<std::string>> args;
  auto prefix = [](int c) { return "p" + str(c) + "_"; };
  for (int c = 0; c < copies; ++c) {
    body_ += "        const int r" + str(c) + " = min(r + " + str(c) + ", P - 1);\n";
    decompose(red_, "r" + str(c), "        ", false, prefix(c));
    for (int p : kept_) body_ += "        const int " + prefix(c) + str(p) + " = i" + str(p) + ";\n";
    auto inputs =
        loadInputs([&](int t) { return "base" + str(t) + " + " + offset(t, red_, prefix(c)); }, "        ");
    args.push_back(bodyArgs(inputs, prefix(c)));
  }
  auto results = scalar_.emitBlockJammed(k_.getBodyBlock(), args, "        ");
  if (failed(results)) return failure();
  for (int c = 0; c < copies; ++c) {
    body_ += "        if (r + " + str(c) + " < P) {\n";
    for (int r = 0; r < nOut_; ++r) {
      Type from = k_.getBodyBlock().getTerminator()->getOperand(r).getType();
      accumulate(r, scalar_.convert((*results)[c][r], from, accType(r)), "          ");
    }
    body_ += "        }\n";
  }
  body_ += "      }\n";
  return success();
}

// Every thread's accumulators into rm_sh<r>[t], then a tree over `lanes`
// lanes (thread t's lane `lane`; the partner s lanes on is `partner`
// threads further): lane 0's entry ends with the combination.
void KernelWriter::sharedTree(const std::string &indent, const std::string &lane, const std::string &lanes,
                const std::string &partner) {
  for (int r = 0; r < nOut_; ++r) body_ += indent + "rm_sh" + str(r) + "[t] = acc" + str(r) + ";\n";
  body_ += indent + "barrier();\n";
  body_ += indent + "for (int s = " + lanes + " / 2; s > 0; s >>= 1) {\n";
  body_ += indent + "  if (" + lane + " < s) {\n";
  for (int r = 0; r < nOut_; ++r) {
    std::string sh = "rm_sh" + str(r);
    body_ += indent + "    " + sh + "[t] = " + combine(r, sh + "[t]", sh + "[t + " + partner + "]") + ";\n";
  }
  body_ += indent + "  }\n";
  body_ += indent + "  barrier();\n";
  body_ += indent + "}\n";
}

// Lanes of one output combine their accumulators (lane 0 ends with the
// result): through subgroups when each output's lanes are whole
// subgroups, else through a shared-memory tree. Every thread takes part.
void KernelWriter::emitLaneCombine() {
  body_ += "    barrier();\n";
  body_ += "    if (lanesFirst && L >= int(gl_SubgroupSize)) {\n";
  body_ += "      const int sg = int(gl_SubgroupSize);\n";
  for (int r = 0; r < nOut_; ++r) {
    std::string s = "rm_sh" + str(r), acc = "acc" + str(r);
    body_ += "      " + acc + " = " + subgroupCombine(r, acc) + ";\n";
    body_ += "      if (subgroupElect()) " + s + "[t / sg] = " + acc + ";\n";
  }
  body_ += "      barrier();\n";
  body_ += "      if (l == 0)\n";
  body_ += "        for (int j = 1; j < L / sg; ++j) {\n";
  for (int r = 0; r < nOut_; ++r)
    body_ += "          acc" + str(r) + " = " + combine(r, "acc" + str(r), "rm_sh" + str(r) + "[t / sg + j]") + ";\n";
  body_ += "        }\n";
  body_ += "    } else {\n";
  body_ += "      const int stride = lanesFirst ? 1 : OB;\n";
  sharedTree("      ", "l", "L", "s * stride");
  for (int r = 0; r < nOut_; ++r) body_ += "      acc" + str(r) + " = rm_sh" + str(r) + "[t];\n";
  body_ += "    }\n";
}

} // namespace runmat::codegen::glsl
