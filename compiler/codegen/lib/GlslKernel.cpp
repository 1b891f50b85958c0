// Kernel iteration spaces as GLSL compute shaders. A map kernel walks its
// space with a grid-stride loop over the column-major linear index; a
// reduction kernel gives each workgroup OB outputs times L lanes and a slice
// of the reduced points (runmat_abi.h), combines lanes with subgroup
// operations (OB = 1) or a shared-memory tree, and either applies the
// epilogue (one slice) or leaves partial results, which the last workgroup of
// each group of outputs combines (one dispatch either way).
#include "runmat/codegen/GpuKernels.h"

#include "GlslScalar.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/runmat_abi.h"
#include "runmat/contract/ReductionSchedule.h"
#include "runmat/support/Diagnostic.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::codegen {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

class KernelWriter {
public:
  explicit KernelWriter(rm::KernelOp k) : k_(k), scalar_(body_, features_) {
    rank_ = (int)k.getRank();
    nIn_ = (int)k.getInputs().size();
    nOut_ = (int)k.getNumResults();
    nt_ = nIn_ + nOut_;
    ns_ = (int)k.getScalars().size();
    for (int64_t d : k.getReduceDims()) reduced_.insert((int)d);
    for (int p = 0; p < rank_; ++p) (reduced_.count(p) ? red_ : kept_).push_back(p);
    grouped_ = !k.getGroupDims().empty();
    auto module = k->getParentOfType<ModuleOp>();
    auto math = module ? module->getAttrOfType<StringAttr>("runmat.math") : StringAttr();
    scalar_.fastMath = math && math.getValue() == "fast";
  }

  LogicalResult emit(GpuKernel &out) {
    for (int t = 0; t < nt_; ++t)
      if (elementOf(t).isInteger(1)) features_.int8 = true;
    if (!k_.isReduction()) {
      if (failed(!grouped_ ? emitMap() : emitGroupedMap())) return failure();
      out.shaders.push_back({"main", assemble(body_), {}});
    } else {
      if (failed(emitPartial())) return failure();
      out.shaders.push_back({"main", assemble(body_), {}});
      if (auto streamed = flatStreams()) {
        body_.clear();
        if (failed(emitFlat(*streamed))) return failure();
        out.shaders.push_back({"flat", assemble(body_), {}});
        for (int t = 0; t < nIn_; ++t)
          if ((*streamed)[t]) out.flatStreamed.push_back(t);
      }
    }
    out.float64 = features_.float64;
    out.int64 = features_.int64;
    out.int8 = features_.int8;
    out.points = points_;
    return success();
  }

private:
  Type elementOf(int t) {
    Value v = t < nIn_ ? k_.getInputs()[t] : k_.getResult(t - nIn_);
    return cast<RankedTensorType>(v.getType()).getElementType();
  }
  std::string suffix(Type e) {
    if (e.isF64()) {
      features_.float64 = true;
      return "F64";
    }
    return e.isF32() ? "F32" : "U8";
  }
  // The type accumulators of result r have: the epilogue's argument type.
  Type accType(int r) { return k_.getEpilogue().front().getArgument(r).getType(); }
  rm::ReduceKind combiner(int r) { return (rm::ReduceKind)cast<IntegerAttr>(k_.getCombiners()[r]).getInt(); }
  bool kahan(int r) {
    rm::ReduceKind c = combiner(r);
    return c == rm::ReduceKind::Sum || c == rm::ReduceKind::Mean;
  }

  std::string word(int w) { return "a.w[" + str(w) + "]"; }
  std::string stride(int t, int p) { return "st" + str(t) + "_" + str(p); }

  // Locals every shader starts with: extents, strides, tensor views, scalars.
  void prologue() {
    std::string &o = body_;
    o += "  RmArgs a = rm_push.args;\n";
    for (int p = 0; p < rank_; ++p)
      o += "  const int e" + str(p) + " = int(" + word(runmat_gpu_word_space(nt_, ns_) + p) + ");\n";
    for (int t = 0; t < nt_; ++t)
      for (int p = 0; p < rank_; ++p)
        o += "  const int " + stride(t, p) + " = int(" + word(runmat_gpu_word_stride(nt_, ns_, rank_, t, p)) + ");\n";
    for (int t = 0; t < nt_; ++t) {
      std::string ty = std::string(t < nIn_ ? "RmIn" : "RmOut") + suffix(elementOf(t));
      o += "  " + ty + " " + tensorName(t) + " = " + ty + "(rm_addr(a, " + str(runmat_gpu_word_addr(t)) + "));\n";
    }
    for (int s = 0; s < ns_; ++s) {
      Type t = k_.getScalars()[s].getType();
      int w = runmat_gpu_word_scalar(nt_, s);
      std::string ty = scalar_.type(t), e;
      if (t.isF32()) e = "rm_scalar_f32(a, " + str(w) + ")";
      else if (t.isF64()) e = "rm_scalar_f64(a, " + str(w) + ")";
      else if (t.isInteger(1)) e = "rm_scalar_i1(a, " + str(w) + ")";
      else if (t.isIndex() || t.isInteger(32)) e = "rm_scalar_index(a, " + str(w) + ")";
      else if (t.isInteger(64)) e = "int64_t(packUint2x32(uvec2(a.w[" + str(w) + "], a.w[" + str(w + 1) + "])))";
      o += "  const " + ty + " s" + str(s) + " = " + e + ";\n";
    }
  }
  std::string tensorName(int t) { return t < nIn_ ? "in" + str(t) : "out" + str(t - nIn_); }

  // <name>_p = q % e_p; q /= e_p over `dims`, the last taking the rest
  // (names i_p by default; variables rather than constants when mutable).
  void decompose(const std::vector<int> &dims, const std::string &linear, const std::string &indent,
                 bool mutableIndices = false, const std::string &name = "i") {
    if (dims.empty()) return;
    std::string q = scalar_.fresh("q");
    std::string decl = mutableIndices ? "int " : "const int ";
    body_ += indent + "int " + q + " = " + linear + ";\n";
    for (size_t j = 0; j < dims.size(); ++j) {
      std::string i = name + str(dims[j]), e = "e" + str(dims[j]);
      if (j + 1 == dims.size()) body_ += indent + decl + i + " = " + q + ";\n";
      else body_ += indent + decl + i + " = " + q + " % " + e + "; " + q + " /= " + e + ";\n";
    }
  }
  std::string offset(int t, const std::vector<int> &dims, const std::string &name = "i") {
    std::string s;
    for (int p : dims) s += (s.empty() ? "" : " + ") + name + str(p) + " * " + stride(t, p);
    return s.empty() ? "0" : s;
  }
  std::string load(int t, const std::string &off) {
    std::string v = tensorName(t) + ".v[" + off + "]";
    return elementOf(t).isInteger(1) ? "(" + v + " != uint8_t(0))" : v;
  }
  std::string store(int t, const std::string &off, const std::string &value) {
    std::string v = elementOf(t).isInteger(1) ? "uint8_t(" + value + " ? 1 : 0)" : value;
    return tensorName(t) + ".v[" + off + "] = " + v + ";";
  }

  // Body block arguments: indices (named <name>p), extents, input elements,
  // scalars.
  std::vector<std::string> bodyArgs(const std::vector<std::string> &inputs, const std::string &name = "i") {
    std::vector<std::string> args;
    for (int p = 0; p < rank_; ++p) args.push_back(name + str(p));
    for (int p = 0; p < rank_; ++p) args.push_back("e" + str(p));
    args.insert(args.end(), inputs.begin(), inputs.end());
    for (int s = 0; s < ns_; ++s) args.push_back("s" + str(s));
    return args;
  }
  FailureOr<std::vector<std::string>> emitBody(const std::vector<std::string> &inputs, const std::string &indent) {
    return scalar_.emitBlock(k_.getBodyBlock(), bodyArgs(inputs), indent);
  }

  std::vector<std::string> loadInputs(const std::function<std::string(int)> &offsetOf, const std::string &indent) {
    std::vector<std::string> names;
    for (int t = 0; t < nIn_; ++t) {
      std::string n = scalar_.fresh("x");
      body_ += indent + "const " + scalar_.type(elementOf(t)) + " " + n + " = " + load(t, offsetOf(t)) + ";\n";
      names.push_back(n);
    }
    return names;
  }

  // What both map forms start with: the prologue, the number of points
  // (total) and the grid's stride (step).
  void beginMap() {
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
  FailureOr<bool> emitFastForm(const std::function<LogicalResult()> &loop, bool unguardedSums) {
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
  LogicalResult emitMap() {
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
  int jamCopies() {
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
  LogicalResult emitJammedMap(int copies) {
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

  // ---- column-local kernels (runmat.group_reduce) ---------------------------
  // Each group (a column: dimension 0) is GL = nextPow2(e0) lanes of one
  // workgroup, RM_WG / GL groups per workgroup; the runtime launches it only
  // when e0 <= RM_WG. Lanes past the column's end compute at row 0 (so every
  // lane reaches every barrier) and store nothing. Workgroups stride over
  // the groups; the stride loop is uniform, so barriers stay legal.
  // The dimensions of a group's index (all but 0, the rows).
  std::vector<int> groupRest() {
    std::vector<int> rest;
    for (int p = 1; p < rank_; ++p) rest.push_back(p);
    return rest;
  }
  // What both column-local forms start with: the shared arrays of the group
  // reductions, the prologue, GL lanes per group (capped at the workgroup
  // when lanes stride over rows), and the uniform loop over the groups
  // (left open).
  void beginGroups(bool strided, bool sharedArrays = true) {
    std::set<std::string> types;
    k_.getBodyBlock().walk([&](rm::GroupReduceOp g) { types.insert(scalar_.type(g.getType())); });
    if (sharedArrays)
      for (const std::string &t : types) body_ += "shared " + t + " rm_grp_" + t + "[RM_WG];\n";
    body_ += "void main() {\n";
    prologue();
    body_ += "  int rm_exchange = 0; // group exchanges so far (the same in every lane)\n";
    std::string groups = "1";
    for (int p : groupRest()) groups += " * e" + str(p);
    body_ += "  const int groups = " + groups + ";\n";
    body_ += std::string("  int GL = 1;\n  while (GL < e0") + (strided ? " && GL < RM_WG" : "") + ") GL <<= 1;\n";
    body_ += "  const int GPW = max(1, RM_WG / GL);\n";
    body_ += "  const int t = int(gl_LocalInvocationID.x), lane = t % GL, slot = t / GL;\n";
    body_ += "  for (int gbase = int(gl_WorkGroupID.x) * GPW; gbase < groups; gbase += int(gl_NumWorkGroups.x) * GPW) {\n";
  }

  LogicalResult emitGroupedMap() {
    if (!hasLoop()) return emitGroupedRecompute();
    // The group reductions of a time step that need not wait for one
    // another share one exchange between the lanes, and exchanges alternate
    // between two halves of the shared arrays, so that none needs a barrier
    // after its reads (the next exchange writes the other half; the one
    // after waits for a barrier that every lane reaches only after reading).
    // NLMS: one barrier a step instead of four.
    std::map<std::string, size_t> perType;
    k_.getBodyBlock().walk([&](rm::GroupReduceOp g) { perType[scalar_.type(g.getType())]++; });
    size_t batch = 1;
    for (auto &[ty, n] : perType) batch = std::max(batch, std::min<size_t>(n, ty == "double" ? 2 : 4));
    for (auto &[ty, n] : perType)
      body_ += "shared " + ty + " rm_gx_" + ty + "[2 * " + str((int)std::min(n, batch)) + " * RM_WG];\n";
    beginGroups(/*strided=*/false, /*sharedArrays=*/false);
    body_ += "    const bool inGroup = lane < e0 && gbase + slot < groups && slot < GPW;\n";
    body_ += "    const int i0 = lane < e0 ? lane : 0;\n";
    decompose(groupRest(), "min(gbase + slot, groups - 1)", "    ");
    std::vector<int> all;
    for (int p = 0; p < rank_; ++p) all.push_back(p);
    scalar_.groupBatchLimit = batch;
    scalar_.groupReduceBatch = [&](const std::vector<Operation *> &ops, const std::vector<std::string> &values,
                                   const std::string &indent) { return groupExchange(ops, values, perType, indent); };
    auto inputs = loadInputs([&](int t) { return offset(t, all); }, "    ");
    auto results = emitBody(inputs, "    ");
    scalar_.groupReduceBatch = nullptr;
    if (failed(results)) return failure();
    body_ += "    if (inGroup) {\n";
    for (int r = 0; r < nOut_; ++r) body_ += "      " + store(nIn_ + r, offset(nIn_ + r, all), (*results)[r]) + "\n";
    body_ += "    }\n";
    body_ += "  }\n}\n";
    return success();
  }

  // Without a time loop a column may be taller than the workgroup: GL =
  // min(nextPow2(e0), RM_WG) lanes stride over its rows. Each group
  // reduction is a pass that recomputes the body up to it (the earlier
  // reductions' results known; the ops needing later ones are dead code the
  // compiler drops) and combines across the lanes; a last pass stores.
  LogicalResult emitGroupedRecompute() {
    std::vector<rm::GroupReduceOp> order;
    k_.getBodyBlock().walk([&](rm::GroupReduceOp g) { order.push_back(g); });
    beginGroups(/*strided=*/true);
    body_ += "    const bool inGroup = gbase + slot < groups && slot < GPW;\n";
    decompose(groupRest(), "min(gbase + slot, groups - 1)", "    ");
    std::vector<int> all;
    for (int p = 0; p < rank_; ++p) all.push_back(p);
    std::vector<std::string> results(order.size());
    for (size_t k = 0; k <= order.size(); ++k) {
      std::string acc;
      if (k < order.size()) {
        rm::GroupReduceOp g = order[k];
        acc = scalar_.fresh("acc");
        body_ += "    " + scalar_.type(g.getType()) + " " + acc + " = " + scalar_.type(g.getType()) + "(" +
                 identity(g.getKind(), g.getType().isF64()) + ");\n";
      }
      body_ += "    for (int i0 = lane; i0 < e0; i0 += GL) {\n";
      scalar_.groupReduce = [&](Operation &op, const std::string &value, const std::string &indent) -> std::string {
        auto g = cast<rm::GroupReduceOp>(op);
        size_t j = std::find(order.begin(), order.end(), g) - order.begin();
        if (j < k) return results[j];
        if (j == k) body_ += indent + acc + " = " + combine(g.getKind(), acc, value) + ";\n";
        return scalar_.type(g.getType()) + "(0)"; // not known in this pass, and not needed by it
      };
      auto inputs = loadInputs([&](int t) { return offset(t, all); }, "      ");
      auto outs = emitBody(inputs, "      ");
      scalar_.groupReduce = nullptr;
      if (failed(outs)) return failure();
      if (k == order.size()) {
        body_ += "      if (inGroup) {\n";
        for (int r = 0; r < nOut_; ++r) body_ += "        " + store(nIn_ + r, offset(nIn_ + r, all), (*outs)[r]) + "\n";
        body_ += "      }\n";
      }
      body_ += "    }\n";
      if (k < order.size()) results[k] = combineLanes(order[k], acc, "    ");
    }
    body_ += "  }\n}\n";
    return success();
  }

  // Group reductions in a time loop (one lane per row), several at once:
  // subgroup operations when a group is whole subgroups, else a
  // shared-memory tree over the group's lanes, all of them between the same
  // barriers, in the half of the shared arrays this exchange owns. Every
  // lane then reads the same combined values; gives their names.
  std::vector<std::string> groupExchange(const std::vector<Operation *> &ops, const std::vector<std::string> &values,
                                         const std::map<std::string, size_t> &perType, const std::string &indent) {
    std::string &o = body_;
    const std::string half = scalar_.fresh("h");
    o += indent + "const int " + half + " = rm_exchange++ & 1;\n";
    std::vector<std::string> results, mine, at;
    std::map<std::string, int> nextOfType;
    for (size_t i = 0; i < ops.size(); ++i) {
      auto g = cast<rm::GroupReduceOp>(ops[i]);
      const std::string ty = scalar_.type(g.getType());
      const std::string id = identity(g.getKind(), g.getType().isF64());
      const int per = (int)std::min<size_t>(perType.at(ty), ty == "double" ? 2 : 4);
      // This value's region of its type's array: RM_WG entries.
      at.push_back("rm_gx_" + ty + "[(" + half + " * " + str(per) + " + " + str(nextOfType[ty]++) + ") * RM_WG + ");
      results.push_back(scalar_.fresh("g"));
      mine.push_back("(inGroup ? " + values[i] + " : " + ty + "(" + id + "))");
      o += indent + ty + " " + results[i] + " = " + ty + "(" + id + ");\n";
    }
    auto kindOf = [&](size_t i) { return cast<rm::GroupReduceOp>(ops[i]).getKind(); };
    o += indent + "if (GL >= int(gl_SubgroupSize)) {\n";
    o += indent + "  const int sg = int(gl_SubgroupSize);\n";
    for (size_t i = 0; i < ops.size(); ++i) {
      const std::string ty = scalar_.type(cast<rm::GroupReduceOp>(ops[i]).getType());
      o += indent + "  const " + ty + " part" + str((int)i) + " = " + subgroupCombine(kindOf(i), mine[i]) + ";\n";
    }
    o += indent + "  if (subgroupElect()) {\n";
    for (size_t i = 0; i < ops.size(); ++i) o += indent + "    " + at[i] + "t / sg] = part" + str((int)i) + ";\n";
    o += indent + "  }\n";
    o += indent + "  barrier();\n";
    o += indent + "  for (int j = 0; j < GL / sg; ++j) {\n";
    for (size_t i = 0; i < ops.size(); ++i)
      o += indent + "    " + results[i] + " = " + combine(kindOf(i), results[i], at[i] + "slot * (GL / sg) + j]") + ";\n";
    o += indent + "  }\n";
    o += indent + "} else {\n";
    for (size_t i = 0; i < ops.size(); ++i) o += indent + "  " + at[i] + "t] = " + mine[i] + ";\n";
    o += indent + "  barrier();\n";
    o += indent + "  for (int s = GL / 2; s > 0; s >>= 1) {\n";
    o += indent + "    if (lane < s) {\n";
    for (size_t i = 0; i < ops.size(); ++i)
      o += indent + "      " + at[i] + "t] = " + combine(kindOf(i), at[i] + "t]", at[i] + "t + s]") + ";\n";
    o += indent + "    }\n";
    o += indent + "    barrier();\n";
    o += indent + "  }\n";
    for (size_t i = 0; i < ops.size(); ++i) o += indent + "  " + results[i] + " = " + at[i] + "slot * GL];\n";
    o += indent + "}\n";
    return results;
  }
  // Combines each lane's `mine` over its group's GL lanes; gives the name of
  // the result, the same in every lane of the group.
  std::string combineLanes(rm::GroupReduceOp g, const std::string &mine, const std::string &indent) {
    const std::string ty = scalar_.type(g.getType()), sh = "rm_grp_" + ty, r = scalar_.fresh("g");
    const bool f64 = g.getType().isF64();
    const rm::ReduceKind kind = g.getKind();
    const std::string id = identity(kind, f64);
    std::string &o = body_;
    o += indent + ty + " " + r + ";\n";
    o += indent + "if (GL >= int(gl_SubgroupSize)) {\n";
    o += indent + "  const int sg = int(gl_SubgroupSize);\n";
    o += indent + "  const " + ty + " part = " + subgroupCombine(kind, mine) + ";\n";
    o += indent + "  if (subgroupElect()) " + sh + "[t / sg] = part;\n";
    o += indent + "  barrier();\n";
    o += indent + "  " + r + " = " + ty + "(" + id + ");\n";
    o += indent + "  for (int j = 0; j < GL / sg; ++j) " + r + " = " + combine(kind, r, sh + "[slot * (GL / sg) + j]") + ";\n";
    o += indent + "} else {\n";
    o += indent + "  " + sh + "[t] = " + mine + ";\n";
    o += indent + "  barrier();\n";
    o += indent + "  for (int s = GL / 2; s > 0; s >>= 1) {\n";
    o += indent + "    if (lane < s) " + sh + "[t] = " + combine(kind, sh + "[t]", sh + "[t + s]") + ";\n";
    o += indent + "    barrier();\n";
    o += indent + "  }\n";
    o += indent + "  " + r + " = " + sh + "[slot * GL];\n";
    o += indent + "}\n";
    o += indent + "barrier();\n";
    return r;
  }

  // ---- reductions ------------------------------------------------------------
  std::string identity(int r) { return identity(combiner(r), accType(r).isF64()); }
  std::string identity(rm::ReduceKind kind, bool f64) {
    switch (kind) {
    case rm::ReduceKind::Prod: return f64 ? "1.0LF" : "1.0";
    case rm::ReduceKind::Max:
    case rm::ReduceKind::Min: return f64 ? "RM_NAN_F64" : "RM_NAN_F32";
    default: return f64 ? "0.0LF" : "0.0";
    }
  }
  std::string combine(int r, const std::string &a, const std::string &b) { return combine(combiner(r), a, b); }
  std::string combine(rm::ReduceKind kind, const std::string &a, const std::string &b) {
    switch (kind) {
    case rm::ReduceKind::Prod: return "(" + a + " * " + b + ")";
    case rm::ReduceKind::Max: return "rm_maxnum(" + a + ", " + b + ")";
    case rm::ReduceKind::Min: return "rm_minnum(" + a + ", " + b + ")";
    default: return "(" + a + " + " + b + ")";
    }
  }
  std::string subgroupCombine(int r, const std::string &a) { return subgroupCombine(combiner(r), a); }
  std::string subgroupCombine(rm::ReduceKind kind, const std::string &a) {
    switch (kind) {
    case rm::ReduceKind::Prod: return "subgroupMul(" + a + ")";
    case rm::ReduceKind::Max: return "rm_subgroup_maxnum(" + a + ")";
    case rm::ReduceKind::Min: return "rm_subgroup_minnum(" + a + ")";
    default: return "subgroupAdd(" + a + ")";
    }
  }
  // acc_r (+)= value, compensated (Kahan) for sums (accumulator acc<r><slot>,
  // compensation comp<r><slot>). Without guardInfinity_ an infinite sum
  // leaves the compensation NaN (the caller redoes such sums guarded).
  bool guardInfinity_ = true;
  void accumulate(int r, const std::string &value, const std::string &indent, const std::string &slot = "") {
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
  void declareAccumulators(const std::string &indent, const std::string &slot = "") {
    for (int r = 0; r < nOut_; ++r) {
      std::string ty = scalar_.type(accType(r));
      body_ += indent + ty + " acc" + str(r) + slot + " = " + identity(r) + ";\n";
      if (kahan(r)) body_ += indent + ty + " comp" + str(r) + slot + " = " + identity(r) + ";\n";
    }
  }
  std::string partial(int r, const std::string &index) {
    bool f64 = accType(r).isF64();
    // result r's slots start at r * O * G 8-byte slots
    std::string base = "(" + str(r) + " * O * G" + (f64 ? "" : " * 2") + ")";
    return std::string("part") + (f64 ? "F64" : "F32") + ".v[" + base + " + " + index + "]";
  }
  void declarePartials() {
    bool f32 = false, f64 = false;
    for (int r = 0; r < nOut_; ++r) (accType(r).isF64() ? f64 : f32) = true;
    int w = runmat_gpu_word_partial(nt_);
    if (f32) body_ += "  RmPartialF32 partF32 = RmPartialF32(rm_addr(a, " + str(w) + "));\n";
    if (f64) body_ += "  RmPartialF64 partF64 = RmPartialF64(rm_addr(a, " + str(w) + "));\n";
  }
  void reduceParams() {
    int w = runmat_gpu_word_reduce(nt_, ns_, rank_);
    const char *names[] = {"O", "P", "OB", "L", "G", "OG", "LF", "Q"};
    static_assert(sizeof names / sizeof *names == RUNMAT_GPU_RED_WORDS, "one name per reduction word");
    for (int i = 0; i < RUNMAT_GPU_RED_WORDS; ++i)
      body_ += std::string("  const int ") + names[i] + " = int(" + word(w + i) + ");\n";
  }
  // From the accumulators of output o (kept indices already set): the
  // epilogue, then the stores.
  LogicalResult writeOutputs(const std::string &indent) {
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
  LogicalResult storeFromLaneZero(const std::string &indent) {
    body_ += indent + "if (l == 0 && o < O) {\n";
    decompose(kept_, "o", indent + "  ");
    if (failed(writeOutputs(indent + "  "))) return failure();
    body_ += indent + "}\n";
    return success();
  }

  // After its partial results are written, a workgroup counts itself in on
  // counter `index`: rm_last tells the last one of the G.
  void countIn(const std::string &indent, const std::string &index) {
    body_ += indent + "memoryBarrierBuffer();\n";
    body_ += indent + "barrier();\n";
    body_ += indent + "if (t == 0) rm_last = atomicAdd(counter.v[" + index + "], 1u) == uint(G - 1);\n";
    body_ += indent + "barrier();\n";
  }

  // What both reduction forms start with: the shared arrays (rm_sh, and
  // rm_fl of `slots` per thread when slots > 0), main's prologue, the
  // reduction words, the partial results, the counter, the thread index t.
  void beginReduction(int slots) {
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

  LogicalResult emitPartial() {
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
  void combinePartials(const std::string &indent, const std::string &lane, const std::string &step,
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

  bool hasLoop() { return k_.hasLoop(); }
  void accumulateAll(const std::vector<std::string> &results, const std::string &indent) {
    for (int r = 0; r < nOut_; ++r) {
      Type from = k_.getBodyBlock().getTerminator()->getOperand(r).getType();
      accumulate(r, scalar_.convert(results[r], from, accType(r)), indent);
    }
  }
  // The reduced indices i_p step to the lane's next point, G * L further.
  void advanceReduced(const std::string &indent) { advance(red_, "sd", indent); }
  // Indices <name>p over `dims` (column-major, the last unbounded) advance
  // by the stride whose own indices are <by>p, with carries.
  void advance(const std::vector<int> &dims, const std::string &by, const std::string &indent,
               const std::string &name = "i") {
    body_ += indent + "{\n" + indent + "  int carry = 0;\n";
    for (size_t j = 0; j < dims.size(); ++j) {
      std::string i = name + str(dims[j]), e = "e" + str(dims[j]);
      body_ += indent + "  " + i + " += " + by + str(dims[j]) + " + carry;\n";
      if (j + 1 < dims.size())
        body_ += indent + "  carry = " + i + " >= " + e + " ? 1 : 0;\n" + indent + "  " + i + " -= carry * " + e + ";\n";
    }
    body_ += indent + "}\n";
  }

  // The main reduction loop of a kernel without a time loop takes a lane's
  // next kUnroll points per trip and loads all of them before computing:
  // one load in flight per invocation leaves most of the memory bandwidth
  // unused. Points are accumulated in the same order as one at a time, so
  // the sums are the same; the plain loop that follows takes the rest.
  static constexpr int kUnroll = 4;
  LogicalResult emitUnrolledReduceLoop() {
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
  LogicalResult emitJammedReduceLoop(int copies) {
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
  void sharedTree(const std::string &indent, const std::string &lane, const std::string &lanes,
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
  void emitLaneCombine() {
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

  // ---- flat reductions ----------------------------------------------------------
  // A second form of a reduction over contiguous single-precision data: the
  // space is walked as one column-major run of O * P points, 4 adjacent
  // points per 16-byte load, and every invocation keeps one accumulator per
  // slot of its loads. The runtime picks it (runmat_abi.h, docs/gpu.md)
  // when the Q points of some leading dimensions hold every kept dimension
  // and everything the other inputs vary along, with Q dividing 4 * RM_WG:
  // then point k's output and its other inputs' elements depend on k % Q
  // alone, which is the same for a slot at every trip, so they are loaded
  // once, and the loop does no index arithmetic. image_normalize's two
  // passes spent most of their time on per-point index carries and loads.
  static constexpr int kFlatSlots = (int)::runmat::schedule::kFlatPointsPerLoad; // points per 16-byte load (the contract)
  static constexpr int kFlatUnroll = 4; // loads in flight per streamed input
  static constexpr int kPartialsInFlight = 8; // loads per trip of the last workgroup's combine
  // Which inputs the flat form streams (read at every point): those that
  // vary along every dimension; the others are read once per slot. No flat
  // form when a streamed input is not single precision, none is streamed,
  // the body reads its indices, loops or draws.
  std::optional<std::vector<bool>> flatStreams() {
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
  std::string slotName(int j) { return "_" + str(j); }
  std::string flatPartial(int r, const std::string &index) {
    bool f64 = accType(r).isF64();
    std::string base = "(" + str(r) + " * Q * G" + (f64 ? "" : " * 2") + ")";
    return std::string("part") + (f64 ? "F64" : "F32") + ".v[" + base + " + " + index + "]";
  }
  // The body at every slot and trip: [slot][trip][result] of the values to
  // accumulate (GLSL expressions).
  using FlatValues = std::vector<std::vector<std::vector<std::string>>>;
  FailureOr<FlatValues> flatBodies(const std::vector<bool> &streamed, int trips, const std::string &indent) {
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
  LogicalResult flatAccumulate(const std::vector<bool> &streamed, int trips, const std::string &indent) {
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
  bool walksBackward(const std::vector<bool> &streamed) {
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
  LogicalResult emitFlat(const std::vector<bool> &streamed) {
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
  std::string assemble(const std::string &code) {
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

public:
  bool usesRandom_ = false;

private:
  rm::KernelOp k_;
  GlslFeatures features_;
  std::string body_;
  GlslScalarWriter scalar_;
  int rank_ = 0, nIn_ = 0, nOut_ = 0, nt_ = 0, ns_ = 0;
  std::set<int> reduced_;
  std::vector<int> kept_, red_;
  bool grouped_ = false; // a column-local kernel (runmat.group_reduce in its body)
  int points_ = 1;       // points per invocation of a map kernel
};

} // namespace

std::vector<GpuKernel> emitGlslKernels(ModuleOp module) {
  std::vector<GpuKernel> out;
  module.walk([&](rm::KernelOp k) {
    GpuKernel g;
    if (!k.getKernelId())
      throw CompileError(SourceLoc{}, "internal: a kernel has no kernel_id (runmat-number-kernels did not run)");
    g.id = (int64_t)*k.getKernelId();
    KernelWriter w(k);
    w.usesRandom_ = k.drawsRandom();
    // A body the GPU cannot compute is reported and left to the CPU.
    ScopedDiagnosticHandler capture(k.getContext(), [&](Diagnostic &d) {
      g.unsupported = d.str();
      return success();
    });
    if (failed(w.emit(g))) {
      g.shaders.clear();
      if (g.unsupported.empty()) g.unsupported = "the kernel body has no GPU form";
    }
    out.push_back(std::move(g));
  });
  std::sort(out.begin(), out.end(), [](const GpuKernel &a, const GpuKernel &b) { return a.id < b.id; });
  int nextModule = 0;
  for (GpuKernel &g : out)
    for (GpuShader &sh : g.shaders) sh.module = nextModule++;
  return out;
}

const GpuKernel *findGpuKernel(const std::vector<GpuKernel> &kernels, int64_t id) {
  for (const GpuKernel &g : kernels)
    if (g.id == id) return &g;
  return nullptr;
}

} // namespace runmat::codegen
