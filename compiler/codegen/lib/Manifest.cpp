#include "runmat/codegen/Manifest.h"

#include "runmat/Dialect/RunMat/KernelInfo.h"
#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/Dialect/RunMat/SymbolicExtents.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "runmat/contract/ManifestYaml.h"
#include "runmat/runmat_abi.h"

#include "runmat/support/Diagnostic.h"

#include <map>
#include <set>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::codegen {

namespace {

int64_t elementBytes(Type e) { return dtypeBytes(rm::dtypeCodeOf(e)); }

// A parameter is a size when it flows into a checked extent conversion.
bool isSize(BlockArgument arg) {
  for (Operation *user : arg.getUsers())
    if (isa<rm::ToIndexOp>(user)) return true;
  return false;
}

// Bytes of every tensor the entry allocates, as expressions of its
// parameters: the trees for the artifact, their spellings for the manifest.
void bufferExpressions(func::FuncOp fn, EntryInfo &e, EntryBuffers &trees) {
  std::set<std::string> seen;
  fn.walk([&](Operation *op) {
    if (!isa<rm::LaunchOp, rm::MatmulOp, rm::CenteredGramOp, rm::QrEconOp, rm::ConcatOp, tensor::EmptyOp>(op)) return;
    for (Value r : op->getResults()) {
      auto t = dyn_cast<RankedTensorType>(r.getType());
      if (!t) continue;
      std::vector<SizeExpr> factors{SizeExpr::number((double)elementBytes(t.getElementType()))};
      for (int64_t d = 0; d < t.getRank(); ++d) factors.push_back(::runmat::tensorExtentTree(r, d));
      SizeExpr bytes = productOf(factors);
      std::string text = bytes.spelling();
      if (bytes.isParametric() && seen.insert(text).second) {
        e.buffers.push_back(text);
        trees.bytes.push_back(std::move(bytes));
      }
    }
  });
}

std::vector<std::string> strings(ArrayAttr list) {
  std::vector<std::string> out;
  for (Attribute a : list) out.push_back(cast<StringAttr>(a).str());
  return out;
}

EntryInfo describeEntry(func::FuncOp fn, StringAttr kind, int index, EntryBuffers &trees) {
  EntryInfo e;
  e.name = fn.getName().str();
  e.kind = kind.str();
  e.index = index;
  for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
    if (auto name = fn.getArgAttrOfType<StringAttr>(i, "runmat.param")) {
      auto def = fn.getArgAttrOfType<FloatAttr>(i, "runmat.default");
      e.params.push_back(ParamInfo{name.str(), def ? def.getValueAsDouble() : 0.0,
                                   rm::dtypeCodeOf(fn.getArgumentTypes()[i]), isSize(fn.getArgument(i))});
      if (auto source = fn.getArgAttrOfType<rm::ParamSourceAttr>(i, "runmat.source"))
        e.params.back().source = source.toContract();
    }
    if (auto name = fn.getArgAttrOfType<StringAttr>(i, "runmat.input")) {
      auto t = cast<RankedTensorType>(fn.getArgumentTypes()[i]);
      e.inputs.push_back(PortInfo{name.str(), rm::dtypeCodeOf(t.getElementType()), (int)t.getRank()});
    }
  }
  for (unsigned r = 0; r < fn.getNumResults(); ++r) {
    auto name = fn.getResultAttrOfType<StringAttr>(r, "runmat.output");
    e.outputs.push_back(name ? name.str() : "out" + std::to_string(r + 1));
  }
  trees.entry = e.name;
  for (const ParamInfo &p : e.params) trees.params.push_back(p.name);
  bufferExpressions(fn, e, trees);
  return e;
}

// The back ends' facts joined to a kernel's record by its id: the GPU form
// (modules, device features, or why there is none) and, for a column-local
// kernel, the CPU launch's scratch slots.
void addBackEnds(KernelInfo &info, const std::vector<GpuKernel> &gpu, const std::map<int, int> &groupSlots) {
  if (info.isGrouped()) {
    auto slots = groupSlots.find(info.id);
    if (slots == groupSlots.end())
      throw CompileError(SourceLoc{}, "internal error: column-local kernel " + info.name + " has no CPU launch");
    info.groupSlots = slots->second;
  }
  const GpuKernel *form = findGpuKernel(gpu, info.id);
  if (form && form->unsupported.empty()) {
    for (const GpuShader &sh : form->shaders) info.gpuModules.push_back(sh.module);
    info.needsFloat64 = form->float64;
    info.needsInt64 = form->int64;
    info.needsInt8 = form->int8;
    info.gpuPoints = form->points;
    info.flatStreamed = form->flatStreamed;
  } else {
    info.gpuNone = form ? form->unsupported : std::string("compiled with --gpu=off");
    info.schedules.clear(); // GPU schedules of a kernel without a GPU form
  }
}

FusionReport describeFusion(ModuleOp module) {
  FusionReport r;
  auto f = module->getAttrOfType<DictionaryAttr>("runmat.fusion");
  if (!f) return r;
  r.enabled = true;
  r.kernelsBefore = f.getAs<IntegerAttr>("kernels_before").getInt();
  r.kernelsAfter = f.getAs<IntegerAttr>("kernels_after").getInt();
  for (Attribute a : f.getAs<ArrayAttr>("fired")) {
    auto d = cast<DictionaryAttr>(a);
    r.fired.push_back({d.getAs<StringAttr>("pattern").str(), strings(d.getAs<ArrayAttr>("covers"))});
  }
  for (Attribute a : f.getAs<ArrayAttr>("rejected")) {
    auto d = cast<DictionaryAttr>(a);
    r.rejected.push_back({d.getAs<StringAttr>("pattern").str(), d.getAs<StringAttr>("candidate").str(),
                          d.getAs<StringAttr>("reason").str()});
  }
  return r;
}

} // namespace

std::string buildManifest(ModuleOp module, const std::string &compilerVersion, std::vector<KernelInfo> kernels,
                          const std::vector<GpuKernel> &gpu, ArtifactOptions &artifact) {
  std::vector<EntryBuffers> &buffers = artifact.buffers;
  Manifest m;
  m.abi = RUNMAT_ABI_VERSION;
  if (auto src = module->getAttrOfType<StringAttr>("runmat.source")) m.source = src.str();
  m.compiler = compilerVersion;
  if (auto math = module->getAttrOfType<StringAttr>("runmat.math")) m.math = math.str();
  int index = 0;
  for (auto fn : module.getOps<func::FuncOp>())
    if (auto kind = fn->getAttrOfType<StringAttr>("runmat.kind")) {
      buffers.emplace_back();
      m.entries.push_back(describeEntry(fn, kind, index++, buffers.back()));
    }
  std::map<int, int> groupSlots;
  module.walk([&](rm::LaunchOp l) {
    if (auto slots = l.getGroupSlots()) groupSlots[(int)l.getKernel()] = (int)*slots;
  });
  // Ids are 0..n-1 in order (KernelInfoAnalysis checked): the kernel table's.
  for (KernelInfo &info : kernels) addBackEnds(info, gpu, groupSlots);
  artifact.numKernels = (int)kernels.size();
  m.kernels = std::move(kernels);
  m.fusion = describeFusion(module);
  return writeManifest(m);
}

} // namespace runmat::codegen
