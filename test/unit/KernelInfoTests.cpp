// The kernel-info analysis (runmat/Dialect/RunMat/KernelInfo.h): each
// kernel's record as the manifest carries it, straight from the kernel form.
#include "runmat/Dialect/RunMat/KernelInfo.h"
#include "runmat/Dialect/RunMat/RunMatDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <doctest/doctest.h>

namespace {

struct Parsed {
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  explicit Parsed(const char *text) {
    context.loadDialect<mlir::runmat::RunMatDialect, mlir::func::FuncDialect, mlir::arith::ArithDialect,
                        mlir::math::MathDialect, mlir::scf::SCFDialect, mlir::tensor::TensorDialect>();
    module = mlir::parseSourceString<mlir::ModuleOp>(text, &context);
    REQUIRE(module);
  }
};

// Kernel 1 (listed first) is a column sum with an exp; kernel 0 a map with a
// random draw and a scalar; kernel 2 a column-local time loop whose trips are
// scalar 0.
const char *kThreeKernels = R"mlir(
func.func @f(%a: tensor<?x?xf32>, %m: index, %n: index, %s: f32, %t: index) -> (tensor<1x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %r = runmat.kernel label "colsum" space(%m, %n) ins(%a : tensor<?x?xf32>) maps [[0, 1]] reduce [0] combiners [sum] {kernel_id = 1 : i64} -> (tensor<1x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32):
    %e = math.exp %x : f32
    runmat.yield %e : f32
  } epilogue {
  ^bb0(%acc: f32, %em: index, %en: index):
    runmat.yield %acc : f32
  }
  %y = runmat.kernel label "scale" space(%m, %n) ins(%a : tensor<?x?xf32>) maps [[0, 1]] scalars(%s : f32) {kernel_id = 0 : i64} -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32, %c: f32):
    %v = arith.mulf %x, %c : f32
    %w = arith.addf %v, %c : f32
    runmat.yield %w : f32
  }
  %z = runmat.kernel space(%m, %n) ins(%a : tensor<?x?xf32>) maps [[0, 1]] scalars(%t : index) {kernel_id = 2 : i64} -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %v: f32, %trips: index):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %out = scf.for %k = %c0 to %trips step %c1 iter_args(%q = %v) -> (f32) {
      %sum = runmat.group_reduce sum %q dims [0] : f32
      %next = arith.subf %q, %sum : f32
      scf.yield %next : f32
    }
    runmat.yield %out : f32
  }
  return %r, %y, %z : tensor<1x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}
)mlir";

TEST_CASE("kernel-info analysis: records in id order, whatever the walk order") {
  Parsed p(kThreeKernels);
  mlir::runmat::KernelInfoAnalysis analysis(p.module->getOperation());
  REQUIRE_FALSE(analysis.failed());
  const auto &k = analysis.kernels();
  REQUIRE(k.size() == 3);
  CHECK(k[0].id == 0);
  CHECK(k[0].name == "k0");
  CHECK(k[1].id == 1);
  CHECK(k[2].id == 2);
  CHECK(k[0].covers == std::vector<std::string>{"scale"});
  CHECK(k[1].covers == std::vector<std::string>{"colsum"});
}

TEST_CASE("kernel-info analysis: a map kernel") {
  Parsed p(kThreeKernels);
  mlir::runmat::KernelInfoAnalysis analysis(p.module->getOperation());
  const runmat::KernelInfo &map = analysis.kernels()[0];
  CHECK(map.kind == "map");
  CHECK(map.rank == 2);
  CHECK(map.numScalars == 1);
  CHECK(map.numInputs() == 1);
  CHECK(map.numOutputs() == 1);
  CHECK(map.tensors[0].map == std::vector<int>{0, 1});
  CHECK(map.tensors[1].output);
  CHECK(map.opsPerElement == 2);
  CHECK(map.costPoint.plain == 2);
  CHECK(map.costPoint.transcendental == 0);
  CHECK(map.costTrips.empty());
  CHECK_FALSE(map.isGrouped());
  CHECK(map.fingerprint.size() == 16);
  // Extents of plain index arguments are unknown to the extent analysis.
  CHECK(map.space == std::vector<std::string>{"?", "?"});
  CHECK(map.bytes == "4*?*?+4*?*?");
}

TEST_CASE("kernel-info analysis: a reduction") {
  Parsed p(kThreeKernels);
  mlir::runmat::KernelInfoAnalysis analysis(p.module->getOperation());
  const runmat::KernelInfo &sum = analysis.kernels()[1];
  CHECK(sum.kind == "reduce");
  CHECK(sum.reduce == std::vector<int>{0});
  REQUIRE(sum.combiners.size() == 1);
  CHECK(sum.combiners[0] == runmat::Combiner::Sum);
  CHECK(sum.costPoint.transcendental == 1);
  // A reduction's bytes are its inputs' only.
  CHECK(sum.bytes == "4*?*?");
}

TEST_CASE("kernel-info analysis: a column-local time loop") {
  Parsed p(kThreeKernels);
  mlir::runmat::KernelInfoAnalysis analysis(p.module->getOperation());
  const runmat::KernelInfo &col = analysis.kernels()[2];
  CHECK(col.group == std::vector<int>{0});
  CHECK_FALSE(col.groupStrided); // a time loop: each lane keeps one row's state
  CHECK(col.groupSlots == 0);    // the CPU outlining's fact, added by the manifest writer
  REQUIRE(col.costTrips.size() == 3);
  CHECK_FALSE(col.costTrips[0].scalar);
  CHECK(col.costTrips[0].value == 0);
  CHECK(col.costTrips[1].scalar);
  CHECK(col.costTrips[1].value == 0);
  CHECK(col.costTrip.plain == 2); // the group reduction and the subtraction
}

TEST_CASE("kernel-info analysis: ids must be 0..n-1, each once") {
  const char *text = R"mlir(
func.func @f(%a: tensor<?xf32>, %m: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %y = runmat.kernel space(%m) ins(%a : tensor<?xf32>) maps [[0]] {kernel_id = 0 : i64} -> (tensor<?xf32>) {
  ^bb0(%i: index, %em: index, %x: f32):
    runmat.yield %x : f32
  }
  %z = runmat.kernel space(%m) ins(%a : tensor<?xf32>) maps [[0]] {kernel_id = 2 : i64} -> (tensor<?xf32>) {
  ^bb0(%i: index, %em: index, %x: f32):
    runmat.yield %x : f32
  }
  return %y, %z : tensor<?xf32>, tensor<?xf32>
}
)mlir";
  Parsed p(text);
  mlir::runmat::KernelInfoAnalysis analysis(p.module->getOperation());
  CHECK(analysis.failed());
  CHECK(analysis.problem() == "kernel ids are not 0..1: no kernel 1");
  CHECK(analysis.kernels().empty());
}

} // namespace
