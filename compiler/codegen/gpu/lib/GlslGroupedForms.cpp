// Column-local kernels as GLSL (GlslKernelWriter.h): a group (a column) per
// GL lanes of one workgroup, its group reductions through subgroups or a
// shared-memory tree, with or without a fused time loop.
#include "GlslKernelWriter.h"

#include "runmat/runmat_abi.h"
#include "runmat/support/Diagnostic.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

namespace runmat::codegen::glsl {

// Each group (a column: dimension 0) is GL = nextPow2(e0) lanes of one
// workgroup, RM_WG / GL groups per workgroup; the runtime launches it only
// when e0 <= RM_WG. Lanes past the column's end compute at row 0 (so every
// lane reaches every barrier) and store nothing. Workgroups stride over
// the groups; the stride loop is uniform, so barriers stay legal.
// The dimensions of a group's index (all but 0, the rows).
std::vector<int> KernelWriter::groupRest() {
  std::vector<int> rest;
  for (int p = 1; p < rank_; ++p) rest.push_back(p);
  return rest;
}

// What both column-local forms start with: the shared arrays of the group
// reductions, the prologue, GL lanes per group (capped at the workgroup
// when lanes stride over rows), and the uniform loop over the groups
// (left open).
void KernelWriter::beginGroups(bool strided, bool sharedArrays) {
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

LogicalResult KernelWriter::emitGroupedMap() {
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
LogicalResult KernelWriter::emitGroupedRecompute() {
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
std::vector<std::string> KernelWriter::groupExchange(const std::vector<Operation *> &ops, const std::vector<std::string> &values,
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
std::string KernelWriter::combineLanes(rm::GroupReduceOp g, const std::string &mine, const std::string &indent) {
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

} // namespace runmat::codegen::glsl
