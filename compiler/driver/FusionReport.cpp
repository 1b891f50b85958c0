#include "FusionReport.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace runmat::driver {

std::string fusionReport(mlir::ModuleOp module, const std::string &input) {
  std::string out = "fusion report for " + input + "\n";
  auto f = module->getAttrOfType<mlir::DictionaryAttr>("runmat.fusion");
  int64_t kernels = 0;
  module.walk([&](mlir::Operation *op) { kernels += op->getName().getStringRef() == "runmat.kernel"; });
  if (!f) return out + "  fusion is off (--fusion=off): " + std::to_string(kernels) + " kernels, one per operation\n";
  auto str = [](mlir::DictionaryAttr d, const char *key) { return d.getAs<mlir::StringAttr>(key).str(); };
  out += "  kernels: " + std::to_string(f.getAs<mlir::IntegerAttr>("kernels_before").getInt()) + " before fusion, " +
         std::to_string(f.getAs<mlir::IntegerAttr>("kernels_after").getInt()) + " after\n";
  auto fired = f.getAs<mlir::ArrayAttr>("fired");
  out += "  fired (" + std::to_string(fired.size()) + "):\n";
  for (mlir::Attribute a : fired) {
    auto d = mlir::cast<mlir::DictionaryAttr>(a);
    out += "    " + str(d, "pattern") + ":\n";
    for (mlir::Attribute c : d.getAs<mlir::ArrayAttr>("covers"))
      out += "      " + mlir::cast<mlir::StringAttr>(c).str() + "\n";
  }
  auto rejected = f.getAs<mlir::ArrayAttr>("rejected");
  out += "  rejected (" + std::to_string(rejected.size()) + "):\n";
  for (mlir::Attribute a : rejected) {
    auto d = mlir::cast<mlir::DictionaryAttr>(a);
    out += "    " + str(d, "pattern") + ": " + str(d, "candidate") + "\n      because " + str(d, "reason") + "\n";
  }
  return out;
}

} // namespace runmat::driver
