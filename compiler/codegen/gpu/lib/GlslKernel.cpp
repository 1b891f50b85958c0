// Kernel iteration spaces as GLSL compute shaders. A map kernel walks its
// space with a grid-stride loop over the column-major linear index; a
// reduction kernel gives each workgroup OB outputs times L lanes and a slice
// of the reduced points (runmat_abi.h), combines lanes with subgroup
// operations (OB = 1) or a shared-memory tree, and either applies the
// epilogue (one slice) or leaves partial results, which the last workgroup of
// each group of outputs combines (one dispatch either way).
#include "runmat/codegen/gpu/GpuKernels.h"

#include "GlslKernelWriter.h"

#include "runmat/runmat_abi.h"
#include "runmat/support/Diagnostic.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

namespace runmat::codegen {

namespace glsl {

KernelWriter::KernelWriter(rm::KernelOp k) : k_(k), scalar_(body_, features_) {
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

LogicalResult KernelWriter::emit(GpuKernel &out) {
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

Type KernelWriter::elementOf(int t) {
  Value v = t < nIn_ ? k_.getInputs()[t] : k_.getResult(t - nIn_);
  return cast<RankedTensorType>(v.getType()).getElementType();
}

std::string KernelWriter::suffix(Type e) {
  if (e.isF64()) {
    features_.float64 = true;
    return "F64";
  }
  return e.isF32() ? "F32" : "U8";
}

bool KernelWriter::kahan(int r) {
  rm::ReduceKind c = combiner(r);
  return c == rm::ReduceKind::Sum || c == rm::ReduceKind::Mean;
}

// Locals every shader starts with: extents, strides, tensor views, scalars.
void KernelWriter::prologue() {
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

// <name>_p = q % e_p; q /= e_p over `dims`, the last taking the rest
// (names i_p by default; variables rather than constants when mutable).
void KernelWriter::decompose(const std::vector<int> &dims, const std::string &linear, const std::string &indent,
               bool mutableIndices, const std::string &name) {
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

std::string KernelWriter::offset(int t, const std::vector<int> &dims, const std::string &name) {
  std::string s;
  for (int p : dims) s += (s.empty() ? "" : " + ") + name + str(p) + " * " + stride(t, p);
  return s.empty() ? "0" : s;
}

std::string KernelWriter::load(int t, const std::string &off) {
  std::string v = tensorName(t) + ".v[" + off + "]";
  return elementOf(t).isInteger(1) ? "(" + v + " != uint8_t(0))" : v;
}

std::string KernelWriter::store(int t, const std::string &off, const std::string &value) {
  std::string v = elementOf(t).isInteger(1) ? "uint8_t(" + value + " ? 1 : 0)" : value;
  return tensorName(t) + ".v[" + off + "] = " + v + ";";
}

// Body block arguments: indices (named <name>p), extents, input elements,
// scalars.
std::vector<std::string> KernelWriter::bodyArgs(const std::vector<std::string> &inputs, const std::string &name) {
  std::vector<std::string> args;
  for (int p = 0; p < rank_; ++p) args.push_back(name + str(p));
  for (int p = 0; p < rank_; ++p) args.push_back("e" + str(p));
  args.insert(args.end(), inputs.begin(), inputs.end());
  for (int s = 0; s < ns_; ++s) args.push_back("s" + str(s));
  return args;
}

FailureOr<std::vector<std::string>> KernelWriter::emitBody(const std::vector<std::string> &inputs, const std::string &indent) {
  return scalar_.emitBlock(k_.getBodyBlock(), bodyArgs(inputs), indent);
}

std::vector<std::string> KernelWriter::loadInputs(const std::function<std::string(int)> &offsetOf, const std::string &indent) {
  std::vector<std::string> names;
  for (int t = 0; t < nIn_; ++t) {
    std::string n = scalar_.fresh("x");
    body_ += indent + "const " + scalar_.type(elementOf(t)) + " " + n + " = " + load(t, offsetOf(t)) + ";\n";
    names.push_back(n);
  }
  return names;
}

} // namespace glsl

using namespace mlir;
namespace rm = mlir::runmat;

std::vector<GpuKernel> emitGlslKernels(ModuleOp module) {
  std::vector<GpuKernel> out;
  module.walk([&](rm::KernelOp k) {
    GpuKernel g;
    if (!k.getKernelId())
      throw CompileError(SourceLoc{}, "internal: a kernel has no kernel_id (runmat-number-kernels did not run)");
    g.id = (int64_t)*k.getKernelId();
    glsl::KernelWriter w(k);
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
