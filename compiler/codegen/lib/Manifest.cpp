#include "runmat/codegen/Manifest.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/Dialect/RunMat/SymbolicExtents.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <yaml-cpp/yaml.h>

#include "runmat/runmat_abi.h"

#include <set>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::codegen {

namespace {

const char *dtypeName(Type e) {
  if (e.isF64()) return "double";
  if (e.isF32()) return "single";
  return "logical";
}

int64_t elementBytes(Type e) { return e.isF64() ? 8 : e.isF32() ? 4 : 1; }

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

// Bytes of every tensor the entry allocates, as expressions of its parameters.
std::vector<std::string> bufferExpressions(func::FuncOp fn) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  fn.walk([&](Operation *op) {
    if (!isa<rm::LaunchOp, rm::MatmulOp, rm::CenteredGramOp, rm::QrEconOp, rm::ConcatOp, tensor::EmptyOp>(op)) return;
    for (Value r : op->getResults()) {
      auto t = dyn_cast<RankedTensorType>(r.getType());
      if (!t) continue;
      std::vector<std::string> factors{std::to_string(elementBytes(t.getElementType()))};
      for (int64_t d = 0; d < t.getRank(); ++d) factors.push_back(::runmat::tensorExtentExpression(r, d));
      std::string e = product(factors);
      if (::runmat::isParametric(e) && seen.insert(e).second) out.push_back(e);
    }
  });
  return out;
}

template <typename T> void seq(YAML::Emitter &y, const T &items) {
  y << YAML::Flow << YAML::BeginSeq;
  for (const auto &i : items) y << i;
  y << YAML::EndSeq;
}

} // namespace

std::string buildManifest(ModuleOp module, const std::string &compilerVersion, const std::vector<GpuKernel> &gpu) {
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << "runmat_manifest" << YAML::Value << 1;
  y << YAML::Key << "abi" << YAML::Value << RUNMAT_ABI_VERSION;
  if (auto src = module->getAttrOfType<StringAttr>("runmat.source"))
    y << YAML::Key << "source" << YAML::Value << src.str();
  y << YAML::Key << "compiler" << YAML::Value << compilerVersion;
  if (auto math = module->getAttrOfType<StringAttr>("runmat.math"))
    y << YAML::Key << "math" << YAML::Value << math.str(); // accurate | fast (runmatc compile --math)

  y << YAML::Key << "entries" << YAML::Value << YAML::BeginSeq;
  int index = 0;
  for (auto fn : module.getOps<func::FuncOp>()) {
    auto kind = fn->getAttrOfType<StringAttr>("runmat.kind");
    if (!kind) continue;
    y << YAML::BeginMap;
    y << YAML::Key << "name" << YAML::Value << fn.getName().str();
    y << YAML::Key << "kind" << YAML::Value << kind.str();
    y << YAML::Key << "index" << YAML::Value << index++;
    y << YAML::Key << "params" << YAML::Value << YAML::BeginSeq;
    for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
      auto name = fn.getArgAttrOfType<StringAttr>(i, "runmat.param");
      if (!name) continue;
      auto def = fn.getArgAttrOfType<FloatAttr>(i, "runmat.default");
      y << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name.str() << YAML::Key << "default"
        << YAML::Value << (def ? def.getValueAsDouble() : 0.0) << YAML::Key << "dtype" << YAML::Value
        << dtypeName(fn.getArgumentTypes()[i]) << YAML::Key << "size" << YAML::Value << isSize(fn.getArgument(i))
        << YAML::EndMap;
    }
    y << YAML::EndSeq;
    y << YAML::Key << "inputs" << YAML::Value << YAML::BeginSeq;
    for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
      auto name = fn.getArgAttrOfType<StringAttr>(i, "runmat.input");
      if (!name) continue;
      auto t = cast<RankedTensorType>(fn.getArgumentTypes()[i]);
      y << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name.str() << YAML::Key << "dtype"
        << YAML::Value << dtypeName(t.getElementType()) << YAML::Key << "rank" << YAML::Value << t.getRank()
        << YAML::EndMap;
    }
    y << YAML::EndSeq;
    y << YAML::Key << "outputs" << YAML::Value << YAML::BeginSeq;
    for (unsigned r = 0; r < fn.getNumResults(); ++r) {
      auto name = fn.getResultAttrOfType<StringAttr>(r, "runmat.output");
      y << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value
        << (name ? name.str() : "out" + std::to_string(r + 1)) << YAML::EndMap;
    }
    y << YAML::EndSeq;
    y << YAML::Key << "buffers" << YAML::Value;
    seq(y, bufferExpressions(fn));
    y << YAML::EndMap;
  }
  y << YAML::EndSeq;

  y << YAML::Key << "kernels" << YAML::Value << YAML::BeginSeq;
  int64_t nextModule = 0;
  if (auto kernels = module->getAttrOfType<ArrayAttr>("runmat.kernels")) {
    for (Attribute a : kernels) {
      auto k = cast<DictionaryAttr>(a);
      int64_t id = k.getAs<IntegerAttr>("id").getInt();
      int64_t rank = k.getAs<IntegerAttr>("rank").getInt();
      std::string kind = k.getAs<StringAttr>("kind").str();
      y << YAML::BeginMap;
      y << YAML::Key << "id" << YAML::Value << id;
      y << YAML::Key << "name" << YAML::Value << "k" + std::to_string(id);
      y << YAML::Key << "kind" << YAML::Value << kind;
      y << YAML::Key << "rank" << YAML::Value << rank;
      y << YAML::Key << "tensors" << YAML::Value << YAML::BeginSeq;
      std::vector<std::string> spaceExprs;
      for (Attribute s : k.getAs<ArrayAttr>("space")) spaceExprs.push_back(cast<StringAttr>(s).str());
      int64_t bytesIn = 0;
      std::string elems = product(spaceExprs);
      auto bytesOf = [&](const std::string &dtype) {
        return product({dtype == "double" ? "8" : dtype == "single" ? "4" : "1", elems});
      };
      std::vector<std::string> byteTerms;
      for (Attribute in : k.getAs<ArrayAttr>("inputs")) {
        auto d = cast<DictionaryAttr>(in);
        std::string dtype = d.getAs<StringAttr>("dtype").str();
        y << YAML::Flow << YAML::BeginMap << YAML::Key << "role" << YAML::Value << "in" << YAML::Key << "dtype"
          << YAML::Value << dtype << YAML::Key << "map" << YAML::Value;
        seq(y, d.getAs<DenseI64ArrayAttr>("map").asArrayRef());
        y << YAML::EndMap;
        byteTerms.push_back(bytesOf(dtype));
        ++bytesIn;
      }
      auto ranks = k.getAs<ArrayAttr>("output_ranks");
      unsigned o = 0;
      for (Attribute out : k.getAs<ArrayAttr>("outputs")) {
        std::string dtype = cast<StringAttr>(out).str();
        y << YAML::Flow << YAML::BeginMap << YAML::Key << "role" << YAML::Value << "out" << YAML::Key << "dtype"
          << YAML::Value << dtype << YAML::Key << "rank" << YAML::Value
          << cast<IntegerAttr>(ranks[o++]).getInt() << YAML::EndMap;
        if (kind == "map") byteTerms.push_back(bytesOf(dtype));
      }
      y << YAML::EndSeq;
      if (kind == "reduce") {
        y << YAML::Key << "reduce" << YAML::Value;
        seq(y, k.getAs<DenseI64ArrayAttr>("reduce").asArrayRef());
        y << YAML::Key << "combiners" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (Attribute c : k.getAs<ArrayAttr>("combiners")) y << cast<StringAttr>(c).str();
        y << YAML::EndSeq;
      }
      y << YAML::Key << "scalars" << YAML::Value << k.getAs<IntegerAttr>("scalars").getInt();
      y << YAML::Key << "space" << YAML::Value;
      seq(y, spaceExprs);
      std::string bytes;
      for (const std::string &t : byteTerms) bytes += (bytes.empty() ? "" : "+") + t;
      y << YAML::Key << "bytes" << YAML::Value << (bytes.empty() ? "0" : bytes);
      y << YAML::Key << "flops" << YAML::Value
        << product({std::to_string(k.getAs<IntegerAttr>("ops_per_element").getInt()), elems});
      y << YAML::Key << "ops" << YAML::Value << k.getAs<IntegerAttr>("ops_per_element").getInt();
      if (auto loop = k.getAs<DenseI64ArrayAttr>("loop_scalars")) {
        // A fused time loop: trips = (scalar ub - lb) / step, each costing `ops`.
        y << YAML::Key << "loop" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "scalars"
          << YAML::Value;
        seq(y, loop.asArrayRef());
        y << YAML::Key << "ops" << YAML::Value << k.getAs<IntegerAttr>("loop_ops").getInt() << YAML::EndMap;
      }
      if (auto point = k.getAs<DenseI64ArrayAttr>("cost_point")) {
        // The work by kind (plain, elementary functions, random draws) per
        // point, and per trip of a fused time loop with its bounds (s<k>: the
        // kernel's scalar k; c<v>: a constant).
        y << YAML::Key << "cost" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "point"
          << YAML::Value;
        seq(y, point.asArrayRef());
        if (auto trip = k.getAs<DenseI64ArrayAttr>("cost_trip")) {
          y << YAML::Key << "trip" << YAML::Value;
          seq(y, trip.asArrayRef());
          y << YAML::Key << "trips" << YAML::Value << YAML::Flow << YAML::BeginSeq;
          for (Attribute b : k.getAs<ArrayAttr>("cost_trips")) y << cast<StringAttr>(b).str();
          y << YAML::EndSeq;
        }
        y << YAML::EndMap;
      }
      if (auto group = k.getAs<DenseI64ArrayAttr>("group")) {
        // Column-local: points along these dims share group reductions, so
        // a group is never split; the CPU form needs `slots` scratch per row.
        y << YAML::Key << "group" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "dims"
          << YAML::Value;
        seq(y, group.asArrayRef());
        y << YAML::Key << "slots" << YAML::Value << k.getAs<IntegerAttr>("group_slots").getInt();
        y << YAML::Key << "strided" << YAML::Value << k.getAs<BoolAttr>("group_strided").getValue() << YAML::EndMap;
      }
      y << YAML::Key << "covers" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (Attribute c : k.getAs<ArrayAttr>("covers")) y << cast<StringAttr>(c).str();
      y << YAML::EndSeq;
      // The GPU form: its module and
      // the device features they need; or why there is none.
      y << YAML::Key << "gpu" << YAML::Value << YAML::Flow << YAML::BeginMap;
      if (id < (int64_t)gpu.size() && gpu[id].unsupported.empty()) {
        const GpuKernel &g = gpu[id];
        y << YAML::Key << "modules" << YAML::Value << YAML::BeginSeq;
        for (size_t i = 0; i < g.shaders.size(); ++i) y << nextModule++;
        y << YAML::EndSeq;
        std::vector<std::string> features;
        if (g.float64) features.push_back("float64");
        if (g.int64) features.push_back("int64");
        if (g.int8) features.push_back("int8");
        y << YAML::Key << "features" << YAML::Value;
        seq(y, features);
        if (g.points > 1) y << YAML::Key << "points" << YAML::Value << g.points;
        // A reduction's flat form: the second module, and the inputs it
        // reads at every point.
        if (!g.flatStreamed.empty()) {
          y << YAML::Key << "flat" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "streamed"
            << YAML::Value;
          seq(y, g.flatStreamed);
          y << YAML::EndMap;
        }
      } else {
        y << YAML::Key << "none" << YAML::Value
          << (id < (int64_t)gpu.size() ? gpu[id].unsupported : std::string("compiled with --gpu=off"));
      }
      y << YAML::EndMap;
      y << YAML::EndMap;
      (void)bytesIn;
      (void)rank;
    }
  }
  y << YAML::EndSeq;
  // What the fusion planner did (runmat-fuse's report), or that it was off.
  y << YAML::Key << "fusion" << YAML::Value << YAML::BeginMap;
  if (auto f = module->getAttrOfType<DictionaryAttr>("runmat.fusion")) {
    y << YAML::Key << "enabled" << YAML::Value << true;
    y << YAML::Key << "kernels_before" << YAML::Value << f.getAs<IntegerAttr>("kernels_before").getInt();
    y << YAML::Key << "kernels_after" << YAML::Value << f.getAs<IntegerAttr>("kernels_after").getInt();
    y << YAML::Key << "fired" << YAML::Value << YAML::BeginSeq;
    for (Attribute a : f.getAs<ArrayAttr>("fired")) {
      auto d = cast<DictionaryAttr>(a);
      y << YAML::Flow << YAML::BeginMap << YAML::Key << "pattern" << YAML::Value
        << d.getAs<StringAttr>("pattern").str() << YAML::Key << "covers" << YAML::Value << YAML::BeginSeq;
      for (Attribute c : d.getAs<ArrayAttr>("covers")) y << cast<StringAttr>(c).str();
      y << YAML::EndSeq << YAML::EndMap;
    }
    y << YAML::EndSeq;
    y << YAML::Key << "rejected" << YAML::Value << YAML::BeginSeq;
    for (Attribute a : f.getAs<ArrayAttr>("rejected")) {
      auto d = cast<DictionaryAttr>(a);
      y << YAML::Flow << YAML::BeginMap;
      for (const char *key : {"pattern", "candidate", "reason"})
        y << YAML::Key << key << YAML::Value << d.getAs<StringAttr>(key).str();
      y << YAML::EndMap;
    }
    y << YAML::EndSeq;
  } else {
    y << YAML::Key << "enabled" << YAML::Value << false;
  }
  y << YAML::EndMap;
  y << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

} // namespace runmat::codegen
