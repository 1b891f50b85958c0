#include "runmat/codegen/Manifest.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/Dialect/RunMat/SymbolicExtents.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "runmat/contract/ManifestYaml.h"
#include "runmat/runmat_abi.h"

#include <set>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::codegen {

namespace {

int dtypeCode(Type e) { return e.isF64() ? RUNMAT_DTYPE_DOUBLE : e.isF32() ? RUNMAT_DTYPE_SINGLE : RUNMAT_DTYPE_LOGICAL; }

int64_t dtypeBytes(int dtype) { return dtype == RUNMAT_DTYPE_DOUBLE ? 8 : dtype == RUNMAT_DTYPE_SINGLE ? 4 : 1; }
int64_t elementBytes(Type e) { return dtypeBytes(dtypeCode(e)); }

// A parameter is a size when it flows into a checked extent conversion.
bool isSize(BlockArgument arg) {
  for (Operation *user : arg.getUsers())
    if (isa<rm::ToIndexOp>(user)) return true;
  return false;
}

// a*b*... without factors of 1 ("1" when nothing is left).
std::string product(const std::vector<std::string> &factors) {
  std::string out;
  for (const std::string &f : factors)
    if (f != "1") out += (out.empty() ? "" : "*") + f;
  return out.empty() ? "1" : out;
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

LoopBound loopBound(Attribute a) { return LoopBound::parse(cast<StringAttr>(a).str()); }

KernelWork work(DenseI64ArrayAttr a) {
  auto v = a.asArrayRef();
  return KernelWork{(double)v[0], (double)v[1], (double)v[2]};
}

std::vector<std::string> strings(ArrayAttr list) {
  std::vector<std::string> out;
  for (Attribute a : list) out.push_back(cast<StringAttr>(a).str());
  return out;
}

template <typename T> std::vector<int> ints(T list) { return std::vector<int>(list.begin(), list.end()); }

EntryInfo describeEntry(func::FuncOp fn, StringAttr kind, int index, EntryBuffers &trees) {
  EntryInfo e;
  e.name = fn.getName().str();
  e.kind = kind.str();
  e.index = index;
  for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
    if (auto name = fn.getArgAttrOfType<StringAttr>(i, "runmat.param")) {
      auto def = fn.getArgAttrOfType<FloatAttr>(i, "runmat.default");
      e.params.push_back(ParamInfo{name.str(), def ? def.getValueAsDouble() : 0.0,
                                   dtypeCode(fn.getArgumentTypes()[i]), isSize(fn.getArgument(i))});
    }
    if (auto name = fn.getArgAttrOfType<StringAttr>(i, "runmat.input")) {
      auto t = cast<RankedTensorType>(fn.getArgumentTypes()[i]);
      e.inputs.push_back(PortInfo{name.str(), dtypeCode(t.getElementType()), (int)t.getRank()});
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

// A kernel as runmat-outline-cpu-kernels described it (runmat.kernels), with
// its GPU form and the cost expressions the shim evaluates.
KernelInfo describeKernel(DictionaryAttr k, const std::vector<GpuKernel> &gpu) {
  KernelInfo info;
  info.id = (int)k.getAs<IntegerAttr>("id").getInt();
  info.name = "k" + std::to_string(info.id);
  info.kind = k.getAs<StringAttr>("kind").str();
  if (auto fingerprint = k.getAs<StringAttr>("fingerprint")) info.fingerprint = fingerprint.str();
  info.rank = (int)k.getAs<IntegerAttr>("rank").getInt();
  info.space = strings(k.getAs<ArrayAttr>("space"));
  const std::string elems = product(info.space);
  auto bytesOf = [&](int dtype) { return product({std::to_string(dtypeBytes(dtype)), elems}); };
  std::vector<std::string> byteTerms;
  for (Attribute in : k.getAs<ArrayAttr>("inputs")) {
    auto d = cast<DictionaryAttr>(in);
    KernelTensor t;
    t.dtype = dtypeFromName(d.getAs<StringAttr>("dtype").str());
    t.map = ints(d.getAs<DenseI64ArrayAttr>("map").asArrayRef());
    byteTerms.push_back(bytesOf(t.dtype));
    info.tensors.push_back(std::move(t));
  }
  auto ranks = k.getAs<ArrayAttr>("output_ranks");
  unsigned o = 0;
  for (Attribute out : k.getAs<ArrayAttr>("outputs")) {
    KernelTensor t;
    t.output = true;
    t.dtype = dtypeFromName(cast<StringAttr>(out).str());
    t.rank = (int)cast<IntegerAttr>(ranks[o++]).getInt();
    if (info.kind == "map") byteTerms.push_back(bytesOf(t.dtype));
    info.tensors.push_back(std::move(t));
  }
  if (info.kind == "reduce") {
    info.reduce = ints(k.getAs<DenseI64ArrayAttr>("reduce").asArrayRef());
    for (Attribute c : k.getAs<ArrayAttr>("combiners")) info.combiners.push_back(combinerFromName(cast<StringAttr>(c).str()));
  }
  info.numScalars = (int)k.getAs<IntegerAttr>("scalars").getInt();
  std::string bytes;
  for (const std::string &t : byteTerms) bytes += (bytes.empty() ? "" : "+") + t;
  info.bytes = bytes.empty() ? "0" : bytes;
  info.opsPerElement = (int)k.getAs<IntegerAttr>("ops_per_element").getInt();
  info.flops = product({std::to_string(info.opsPerElement), elems});
  if (auto loop = k.getAs<DenseI64ArrayAttr>("loop_scalars")) {
    info.loopScalars = ints(loop.asArrayRef());
    info.loopOps = (int)k.getAs<IntegerAttr>("loop_ops").getInt();
  }
  if (auto point = k.getAs<DenseI64ArrayAttr>("cost_point")) {
    info.hasCost = true;
    info.costPoint = work(point);
    if (auto trip = k.getAs<DenseI64ArrayAttr>("cost_trip")) {
      info.costTrip = work(trip);
      for (Attribute b : k.getAs<ArrayAttr>("cost_trips")) info.costTrips.push_back(loopBound(b));
    }
  }
  if (auto group = k.getAs<DenseI64ArrayAttr>("group")) {
    info.group = ints(group.asArrayRef());
    info.groupSlots = (int)k.getAs<IntegerAttr>("group_slots").getInt();
    info.groupStrided = k.getAs<BoolAttr>("group_strided").getValue();
  }
  info.covers = strings(k.getAs<ArrayAttr>("covers"));
  const GpuKernel *form = findGpuKernel(gpu, info.id);
  if (form && form->unsupported.empty()) {
    const GpuKernel &g = *form;
    for (const GpuShader &sh : g.shaders) info.gpuModules.push_back(sh.module);
    info.needsFloat64 = g.float64;
    info.needsInt64 = g.int64;
    info.needsInt8 = g.int8;
    info.gpuPoints = g.points;
    info.flatStreamed = g.flatStreamed;
    if (auto schedules = k.getAs<ArrayAttr>("schedules"))
      for (Attribute a : schedules) info.schedules.push_back(cast<rm::ScheduleAttr>(a).toContract());
  } else {
    info.gpuNone = form ? form->unsupported : std::string("compiled with --gpu=off");
  }
  return info;
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

std::string buildManifest(ModuleOp module, const std::string &compilerVersion, const std::vector<GpuKernel> &gpu,
                          std::vector<EntryBuffers> &buffers) {
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
  if (auto kernels = module->getAttrOfType<ArrayAttr>("runmat.kernels"))
    for (Attribute a : kernels) m.kernels.push_back(describeKernel(cast<DictionaryAttr>(a), gpu));
  m.fusion = describeFusion(module);
  return writeManifest(m);
}

} // namespace runmat::codegen
