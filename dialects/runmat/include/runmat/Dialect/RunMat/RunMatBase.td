//===- RunMatBase.td - the runmat dialect ------------------*- tablegen -*-===//
//
// The runmat dialect holds the tensor operations of RunMat programs with
// MATLAB's semantics made explicit: implicit expansion is verified and
// resolved per operation, dimensions in attributes are 1-based as the source
// wrote them, and mixed single/double operands have been converted explicitly
// (every elementwise op has one element type). Host scalars are builtin f64,
// f32 and i1 values; extents are index values derived from parameters.
//
//===----------------------------------------------------------------------===//

#ifndef RUNMAT_BASE_TD
#define RUNMAT_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def RunMat_Dialect : Dialect {
  let name = "runmat";
  let cppNamespace = "::mlir::runmat";
  let summary = "Tensor operations of RunMat (MATLAB-language) programs";
  let description = [{
    Operations that differ from upstream dialects because MATLAB's semantics
    do: implicit expansion, 1-based dimension attributes, `mean(x, dims)`,
    economy QR, counter-based random streams, checked conversions of
    run-time sizes. Control flow, scalar arithmetic, constants and shape
    queries use upstream `scf`, `arith`, `math` and `tensor`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::tensor::TensorDialect"];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

// Element types of MATLAB values runmatc supports: double, single, logical.
def RunMat_Element : AnyTypeOf<[F32, F64, I1]>;
def RunMat_Float : AnyTypeOf<[F32, F64]>;
def RunMat_Tensor : RankedTensorOf<[F32, F64, I1]>;
def RunMat_FloatTensor : RankedTensorOf<[F32, F64]>;
// A MATLAB value: a tensor, or a host scalar (a 1x1 value held on the host).
def RunMat_Value : AnyTypeOf<[RunMat_Tensor, F32, F64, I1]>;

def RunMat_ReduceKind : I32EnumAttr<"ReduceKind", "reduction", [
  I32EnumAttrCase<"Sum", 0, "sum">,
  I32EnumAttrCase<"Prod", 1, "prod">,
  I32EnumAttrCase<"Mean", 2, "mean">,
  I32EnumAttrCase<"Max", 3, "max">,
  I32EnumAttrCase<"Min", 4, "min">
]> {
  let cppNamespace = "::mlir::runmat";
}

def RunMat_CmpPredicate : I32EnumAttr<"CmpPredicate", "comparison", [
  I32EnumAttrCase<"EQ", 0, "eq">,
  I32EnumAttrCase<"NE", 1, "ne">,
  I32EnumAttrCase<"LT", 2, "lt">,
  I32EnumAttrCase<"LE", 3, "le">,
  I32EnumAttrCase<"GT", 4, "gt">,
  I32EnumAttrCase<"GE", 5, "ge">
]> {
  let cppNamespace = "::mlir::runmat";
}

def RunMat_Distribution : I32EnumAttr<"Distribution", "random distribution", [
  I32EnumAttrCase<"Uniform", 0, "uniform">,
  I32EnumAttrCase<"Normal", 1, "normal">
]> {
  let cppNamespace = "::mlir::runmat";
}

// Elementwise ops whose operands expand implicitly (MATLAB broadcasting): a
// static extent of 1 expands to the other operand's extent; other static
// extents must agree; dynamic extents are checked at run time.
def RunMat_ImplicitExpansion : NativeOpTrait<"ImplicitExpansion"> {
  let cppNamespace = "::mlir::runmat";
}

#endif // RUNMAT_BASE_TD
