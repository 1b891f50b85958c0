//===- RunMatOps.td - operations of the runmat dialect -----*- tablegen -*-===//

#ifndef RUNMAT_OPS_TD
#define RUNMAT_OPS_TD

include "runmat/Dialect/RunMat/RunMatBase.td"
include "runmat/Dialect/RunMat/RunMatAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

class RunMat_Op<string mnemonic, list<Trait> traits = []>
    : Op<RunMat_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Sizes
//===----------------------------------------------------------------------===//

def RunMat_ToIndexOp : RunMat_Op<"to_index", [NoMemoryEffect]> {
  let summary = "checked conversion of a MATLAB size or subscript to index";
  let description = [{
    Converts a floating-point scalar that MATLAB code uses as an extent,
    count or subscript into an `index`. Stops the program with `what` in the
    message unless the value is an integer, and, without `allow_negative`, is not
    negative.

    ```mlir
    %n = runmat.to_index %param {what = "parameter n"} : f64
    ```
  }];
  let arguments = (ins RunMat_Float:$value, StrAttr:$what, UnitAttr:$allow_negative);
  let results = (outs Index:$result);
  let assemblyFormat = "$value attr-dict `:` type($value)";
  let hasFolder = 1;
}

def RunMat_RangeCountOp : RunMat_Op<"range_count", [Pure, AllTypesMatch<["start", "step", "stop"]>]> {
  let summary = "number of elements of start:step:stop";
  let description = [{
    MATLAB's colon count: `floor((stop - start) / step + tol) + 1`, at least
    0, where `tol` (4 eps relative) absorbs rounding of floating-point steps
    so that `0:0.1:1` has 11 elements. 0 when `step` is 0 or any operand is
    NaN. Used for loop trip counts.
  }];
  let arguments = (ins RunMat_Float:$start, RunMat_Float:$step, RunMat_Float:$stop);
  let results = (outs Index:$result);
  let assemblyFormat = "$start `,` $step `,` $stop attr-dict `:` type($start)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

def RunMat_FillOp : RunMat_Op<"fill", [Pure]> {
  let summary = "a tensor with every element equal to a scalar";
  let description = [{
    `zeros`, `ones`, `Inf(m, n)` and their kin. `dynamicSizes` gives one
    extent per `?` of the result type, in order.

    ```mlir
    %z = runmat.fill %zero(%m) : f32 -> tensor<?x1xf32>
    ```
  }];
  let arguments = (ins RunMat_Element:$value, Variadic<Index>:$dynamicSizes);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$value (`(` $dynamicSizes^ `)`)? attr-dict `:` type($value) `->` type($result)";
  let hasVerifier = 1;
}

def RunMat_RandOp : RunMat_Op<"rand", [Pure]> {
  let summary = "counter-based random numbers (Philox4x32-10)";
  let description = [{
    Element `i` (column-major linear index) is a function of `(seed, stream,
    i)` alone: uniform numbers in (0, 1) or standard normal numbers (Box-
    Muller). Each MATLAB `rand`/`randn` call reads a new `stream` (the
    program's draw counter), so the op is pure and a fused kernel may
    recompute it instead of storing it.

    ```mlir
    %x = runmat.rand normal %seed, %stream(%m) : tensor<?x1xf32>
    ```
  }];
  let arguments = (ins RunMat_Distribution:$distribution, I64:$seed, I64:$stream,
                       Variadic<Index>:$dynamicSizes);
  let results = (outs RunMat_FloatTensor:$result);
  let assemblyFormat = [{
    $distribution $seed `,` $stream (`(` $dynamicSizes^ `)`)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def RunMat_ColonOp : RunMat_Op<"colon", [Pure, AllTypesMatch<["start", "step"]>]> {
  let summary = "the row start, start+step, ... with count elements";
  let arguments = (ins RunMat_Float:$start, RunMat_Float:$step, Index:$count);
  let results = (outs RunMat_FloatTensor:$result);
  let assemblyFormat = "$start `,` $step `,` $count attr-dict `:` type($start) `->` type($result)";
  let hasVerifier = 1;
}

def RunMat_LinspaceOp : RunMat_Op<"linspace", [Pure, AllTypesMatch<["low", "high"]>]> {
  let summary = "count points from low to high";
  let description = [{
    MATLAB's `linspace`: `low + (0:count-1) * (high - low) / (count - 1)`,
    with the last point exactly `high`; `count` of 1 gives `high`.
  }];
  let arguments = (ins RunMat_Float:$low, RunMat_Float:$high, Index:$count);
  let results = (outs RunMat_FloatTensor:$result);
  let assemblyFormat = "$low `,` $high `,` $count attr-dict `:` type($low) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise operations with implicit expansion
//===----------------------------------------------------------------------===//

class RunMat_BinaryOp<string mnemonic, string desc, list<Trait> traits = []>
    : RunMat_Op<mnemonic, !listconcat([NoMemoryEffect, RunMat_ImplicitExpansion], traits)> {
  let summary = desc;
  let description = "Elementwise `" # desc # "` with implicit expansion; both "
      # "operands and the result share one element type.";
  let arguments = (ins RunMat_Value:$lhs, RunMat_Value:$rhs);
  let results = (outs RunMat_Value:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)";
}

def RunMat_AddOp : RunMat_BinaryOp<"add", "x + y", [Commutative]>;
def RunMat_SubOp : RunMat_BinaryOp<"sub", "x - y">;
def RunMat_MulOp : RunMat_BinaryOp<"mul", "x .* y", [Commutative]>;
def RunMat_DivOp : RunMat_BinaryOp<"div", "x ./ y">;
def RunMat_PowOp : RunMat_BinaryOp<"pow", "x .^ y (real: NaN where MATLAB is complex)">;
def RunMat_MaxOp : RunMat_BinaryOp<"max", "max(x, y), ignoring NaN", [Commutative]>;
def RunMat_MinOp : RunMat_BinaryOp<"min", "min(x, y), ignoring NaN", [Commutative]>;
def RunMat_ModOp : RunMat_BinaryOp<"mod", "mod(x, y) = x - floor(x./y).*y, mod(x, 0) = x">;
def RunMat_RemOp : RunMat_BinaryOp<"rem", "rem(x, y) = x - fix(x./y).*y, rem(x, 0) = NaN">;
def RunMat_Atan2Op : RunMat_BinaryOp<"atan2", "atan2(y, x), the four-quadrant arctangent">;
def RunMat_HypotOp : RunMat_BinaryOp<"hypot", "hypot(x, y) = sqrt(x.^2 + y.^2) without overflow", [Commutative]>;
def RunMat_AndOp : RunMat_BinaryOp<"and", "x & y (logical)", [Commutative]>;
def RunMat_OrOp : RunMat_BinaryOp<"or", "x | y (logical)", [Commutative]>;

def RunMat_CmpOp : RunMat_Op<"cmp", [NoMemoryEffect, RunMat_ImplicitExpansion]> {
  let summary = "elementwise comparison giving logical values";
  let arguments = (ins RunMat_CmpPredicate:$predicate, RunMat_Value:$lhs, RunMat_Value:$rhs);
  let results = (outs RunMat_Value:$result);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
}

class RunMat_UnaryOp<string mnemonic, string desc>
    : RunMat_Op<mnemonic, [Pure, RunMat_ImplicitExpansion]> {
  let summary = desc;
  let arguments = (ins RunMat_Value:$operand);
  let results = (outs RunMat_Value:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
}

def RunMat_NegOp : RunMat_UnaryOp<"neg", "-x">;
def RunMat_NotOp : RunMat_UnaryOp<"not", "~x (logical)">;
def RunMat_SqrtOp : RunMat_UnaryOp<"sqrt", "square root (NaN for negative input)">;
def RunMat_ExpOp : RunMat_UnaryOp<"exp", "e^x">;
def RunMat_LogOp : RunMat_UnaryOp<"log", "natural logarithm (NaN for negative input)">;
def RunMat_AbsOp : RunMat_UnaryOp<"abs", "|x|">;
def RunMat_SinOp : RunMat_UnaryOp<"sin", "sine">;
def RunMat_CosOp : RunMat_UnaryOp<"cos", "cosine">;
def RunMat_TanOp : RunMat_UnaryOp<"tan", "tangent">;
def RunMat_TanhOp : RunMat_UnaryOp<"tanh", "hyperbolic tangent">;
def RunMat_FloorOp : RunMat_UnaryOp<"floor", "round toward -Inf">;
def RunMat_CeilOp : RunMat_UnaryOp<"ceil", "round toward +Inf">;
def RunMat_RoundOp : RunMat_UnaryOp<"round", "round half away from zero">;
def RunMat_SignOp : RunMat_UnaryOp<"sign", "-1, 0 or 1 (NaN stays NaN)">;
def RunMat_Log1pOp : RunMat_UnaryOp<"log1p", "log(1 + x), accurate for small x">;
def RunMat_Expm1Op : RunMat_UnaryOp<"expm1", "exp(x) - 1, accurate for small x">;
def RunMat_AtanOp : RunMat_UnaryOp<"atan", "arctangent">;
def RunMat_AsinOp : RunMat_UnaryOp<"asin", "arcsine (NaN outside [-1, 1])">;
def RunMat_AcosOp : RunMat_UnaryOp<"acos", "arccosine (NaN outside [-1, 1])">;
def RunMat_SinhOp : RunMat_UnaryOp<"sinh", "hyperbolic sine">;
def RunMat_CoshOp : RunMat_UnaryOp<"cosh", "hyperbolic cosine">;

def RunMat_ConvertOp : RunMat_Op<"convert", [Pure]> {
  let summary = "dtype conversion with MATLAB's rules";
  let description = [{
    `double(x)`, `single(x)`, `logical(x)`: floats round to nearest; a
    conversion to logical is `x ~= 0`; logical converts to 0 and 1. The shape
    is unchanged.
  }];
  let arguments = (ins RunMat_Value:$operand);
  let results = (outs RunMat_Value:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Reductions and linear algebra
//===----------------------------------------------------------------------===//

def RunMat_ReduceOp : RunMat_Op<"reduce", [Pure]> {
  let summary = "sum, prod, mean, max or min over 1-based dimensions";
  let description = [{
    Reduces the listed dimensions (1-based, as MATLAB writes them) to extent
    1; dimensions beyond the operand's rank are not allowed (the importer
    drops them, as they are extents of 1). Trailing extents of 1 beyond the
    second are dropped from the result, as MATLAB does. `max` and `min`
    ignore NaN. Single-precision sums are accumulated accurately (blocked
    pairwise accumulation), so `mean` over 10^8 elements stays within 1e-6
    of the exact value.

    ```mlir
    %m = runmat.reduce mean %a dims [1] : tensor<?x?xf32> -> tensor<1x?xf32>
    ```
  }];
  let arguments = (ins RunMat_ReduceKind:$kind, RunMat_Tensor:$operand, DenseI64ArrayAttr:$dims);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$kind $operand `dims` $dims attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def RunMat_MatmulOp : RunMat_Op<"matmul", [NoMemoryEffect]> {
  let summary = "matrix product, with either operand optionally transposed";
  let description = [{
    `op(lhs) * op(rhs)` where `op` transposes when the flag is set, so that
    `A.' * A` never materialises the transpose. Inner extents must agree
    (checked at run time when dynamic).
  }];
  let arguments = (ins RunMat_FloatTensor:$lhs, RunMat_FloatTensor:$rhs,
                       UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs RunMat_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def RunMat_CenteredGramOp : RunMat_Op<"centered_gram", [NoMemoryEffect]> {
  let summary = "the Gram matrix of a column-centered matrix, scaled";
  let description = [{
    `(A - mu).' * (A - mu) / divisor` for an m x n matrix `A` and a 1 x n
    row `mu` (its column means, in PCA): an n x n symmetric matrix. The
    centered matrix is never formed: the product subtracts `mu` as it loads
    `A` and divides in its epilogue, computing one triangle and mirroring it.
    The fusion planner writes it (patterns/lib/CenteredGram.cpp).

    ```mlir
    %g = runmat.centered_gram %a, %mu, %d : tensor<?x?xf32>, tensor<1x?xf32>, f32 -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins RunMat_FloatTensor:$matrix, RunMat_FloatTensor:$center, AnyFloat:$divisor);
  let results = (outs RunMat_FloatTensor:$result);
  let assemblyFormat = "$matrix `,` $center `,` $divisor attr-dict `:` type($matrix) `,` type($center) `,` type($divisor) `->` type($result)";
  let hasVerifier = 1;
}

def RunMat_TransposeOp : RunMat_Op<"transpose", [Pure]> {
  let summary = "transpose of a 2-D tensor";
  let arguments = (ins RunMat_Tensor:$operand);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def RunMat_LibraryCallOp : RunMat_Op<"library_call"> {
  let summary = "a runtime library function on the host";
  let description = [{
    Host work that is not a kernel: `callee` names a function of the
    contract's table (`runmat/contract/LibraryFunctions.h`: sort, cumsum,
    cumprod, mldivide, inv, det, svd, tic, toc), which fixes how many
    tensor operands, integer `options` and tensor results it has. The op has
    no declared memory effects (tic and toc read a clock), so it is neither
    moved nor removed.

    ```mlir
    %s, %i = runmat.library_call "sort"(%x) {options = array<i64: 1, 0>}
        : (tensor<?x1xf64>) -> (tensor<?x1xf64>, tensor<?x1xf64>)
    ```
  }];
  let arguments = (ins StrAttr:$callee, Variadic<RunMat_Tensor>:$inputs,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$options);
  let results = (outs Variadic<RunMat_Tensor>:$outputs);
  let assemblyFormat = "$callee `(` $inputs `)` attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
}

def RunMat_QrEconOp : RunMat_Op<"qr_econ", [Pure]> {
  let summary = "economy QR factorisation";
  let description = [{
    `[Q, R] = qr(A, 'econ')` for an m x n matrix: Q is m x min(m, n) with
    orthonormal columns, R is min(m, n) x n upper triangular.
  }];
  let arguments = (ins RunMat_FloatTensor:$operand);
  let results = (outs RunMat_FloatTensor:$q, RunMat_FloatTensor:$r);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($q) `,` type($r)";
  let hasVerifier = 1;
}

def RunMat_DiagMatrixOp : RunMat_Op<"diag_matrix", [Pure]> {
  let summary = "square matrix with a vector on its diagonal";
  let arguments = (ins RunMat_Tensor:$operand);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
}

def RunMat_DiagExtractOp : RunMat_Op<"diag_extract", [Pure]> {
  let summary = "column of a matrix's diagonal";
  let arguments = (ins RunMat_Tensor:$operand);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def RunMat_ReshapeOp : RunMat_Op<"reshape", [NoMemoryEffect]> {
  let summary = "same elements in column-major order, new shape";
  let description = [{
    `dynamicSizes` gives one extent per `?` of the result type. The element
    counts must agree (checked at run time when dynamic).
  }];
  let arguments = (ins RunMat_Tensor:$operand, Variadic<Index>:$dynamicSizes);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$operand (`(` $dynamicSizes^ `)`)? attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def RunMat_ResizeOp : RunMat_Op<"resize", [NoMemoryEffect]> {
  let summary = "growth by assignment: zeros of the new extents, the operand in their top-left corner";
  let description = [{
    MATLAB's growth of an array assigned past its end. `dynamicSizes` gives
    one extent per `?` of the result type; no extent is smaller than the
    operand's (the frontend takes the maximum). The shim takes over the
    operand's reference: an array that holds its storage alone and grows
    along its last non-singleton dimension grows in place when the storage
    has room, and a fresh storage gets room for twice the elements, so a
    loop that appends an element per trip copies O(n) elements in all.
  }];
  let arguments = (ins RunMat_Tensor:$operand, Variadic<Index>:$dynamicSizes);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$operand (`(` $dynamicSizes^ `)`)? attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
}

def RunMat_SliceOp : RunMat_Op<"slice", [NoMemoryEffect, AttrSizedOperandSegments]> {
  let summary = "strided section of a tensor (MATLAB indexing read)";
  let description = [{
    Per dimension, elements `offset + j * stride` for `j` in `[0, size)`,
    0-based (the importer has subtracted MATLAB's 1). Strides may be
    negative. Every selected index must lie inside the source (checked at
    run time). The result has the source's rank, or fewer when trailing
    extents of 1 are dropped.

    ```mlir
    %c = runmat.slice %q [%c0, %j] [%d, %c1] [%c1, %c1] : tensor<?x?xf32> -> tensor<?x1xf32>
    ```
  }];
  let arguments = (ins RunMat_Tensor:$source, Variadic<Index>:$offsets, Variadic<Index>:$sizes,
                       Variadic<Index>:$strides);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = [{
    $source `[` $offsets `]` `[` $sizes `]` `[` $strides `]` attr-dict `:` type($source) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RunMat_UpdateOp : RunMat_Op<"update", [NoMemoryEffect, AttrSizedOperandSegments]> {
  let summary = "a tensor with a strided section replaced (MATLAB indexed assignment)";
  let description = [{
    The functional form of `x(subs) = value`: the result is `source` with the
    section that `runmat.slice` with the same offsets, sizes and strides
    reads replaced by `value`'s elements in column-major order. `value` is a
    scalar (written to every element of the section) or a tensor with as
    many elements as the section (checked at run time). The result has the
    source's type. Lowered to a write in place when the source's storage has
    no other reference (the old value is dead), else to a copy and a write.

    ```mlir
    %y = runmat.update %x [%i, %c0] [%c1, %n] [%c1, %c1] = %row
           : tensor<?x?xf64>, tensor<1x?xf64> -> tensor<?x?xf64>
    ```
  }];
  let arguments = (ins RunMat_Tensor:$source, RunMat_Value:$value, Variadic<Index>:$offsets,
                       Variadic<Index>:$sizes, Variadic<Index>:$strides);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = [{
    $source `[` $offsets `]` `[` $sizes `]` `[` $strides `]` `=` $value attr-dict `:` type($source) `,` type($value) `->` type($result)
  }];
  let builders = [OpBuilder<(ins "Value":$source, "Value":$value, "ValueRange":$offsets, "ValueRange":$sizes,
                                 "ValueRange":$strides), [{
    build($_builder, $_state, source.getType(), source, value, offsets, sizes, strides);
  }]>];
  let hasVerifier = 1;
}

def RunMat_FindOp : RunMat_Op<"find", [NoMemoryEffect]> {
  let summary = "the 1-based linear positions of a tensor's nonzero elements";
  let description = [{
    A column of doubles: the column-major positions (from 1) of the nonzero
    elements of `source`, in order. `count` is their number, computed before
    (the result's extent); the shim checks that it matches. Logical masks
    in subscripts, `x(mask)`, become `runmat.take` of this.

    ```mlir
    %i = runmat.find %mask, %n : tensor<?x?xi1> -> tensor<?x1xf64>
    ```
  }];
  let arguments = (ins RunMat_Tensor:$source, Index:$count);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "$source `,` $count attr-dict `:` type($source) `->` type($result)";
  let hasVerifier = 1;
}

def RunMat_TakeOp : RunMat_Op<"take", [NoMemoryEffect]> {
  let summary = "a gather by 1-based linear indexes (x(idx) with index vectors or masks)";
  let description = [{
    Element `e` of the result is element `indices[e] - 1` of `source` in
    column-major order; the result has the indexes' shape. The shim checks
    that each index is an integer from 1 to the number of elements.

    ```mlir
    %y = runmat.take %x[%idx] : tensor<?x?xf64>, tensor<1x?xf64> -> tensor<1x?xf64>
    ```
  }];
  let arguments = (ins RunMat_Tensor:$source, RunMat_Tensor:$indices);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = [{
    $source `[` $indices `]` attr-dict `:` type($source) `,` type($indices) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RunMat_PutOp : RunMat_Op<"put", [NoMemoryEffect]> {
  let summary = "a scatter by 1-based linear indexes (x(idx) = v with index vectors or masks)";
  let description = [{
    The functional form of `x(idx) = v`: the result is `source` with element
    `indices[e] - 1` (column-major) replaced by `value` (a scalar) or by
    `value`'s element `e`; a repeated index keeps the last write. Written in
    place when the source's storage has no other reference, as
    `runmat.update` is.

    ```mlir
    %y = runmat.put %x[%idx] = %v : tensor<?x?xf64>, tensor<?x1xf64>, f64 -> tensor<?x?xf64>
    ```
  }];
  let arguments = (ins RunMat_Tensor:$source, RunMat_Tensor:$indices, RunMat_Value:$value);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = [{
    $source `[` $indices `]` `=` $value attr-dict `:` type($source) `,` type($indices) `,` type($value)
    `->` type($result)
  }];
  let hasVerifier = 1;
}

def RunMat_ConcatOp : RunMat_Op<"concat", [NoMemoryEffect]> {
  let summary = "concatenation along a 1-based dimension ([a, b] is 2, [a; b] is 1)";
  let arguments = (ins Variadic<RunMat_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs RunMat_Tensor:$result);
  let assemblyFormat = "`dim` $dim $inputs attr-dict `:` type($inputs) `->` type($result)";
  let hasVerifier = 1;
}

def RunMat_ToScalarOp : RunMat_Op<"to_scalar", [NoMemoryEffect]> {
  let summary = "the single element of a 1x1 tensor, on the host";
  let arguments = (ins RunMat_Tensor:$operand);
  let results = (outs RunMat_Element:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def RunMat_ToDeviceOp : RunMat_Op<"to_device", [Pure, SameOperandsAndResultType]> {
  let summary = "gpuArray: a hint that the value should live on the device";
  let arguments = (ins RunMat_Value:$operand);
  let results = (outs RunMat_Value:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
  let hasCanonicalizer = 1;
}

def RunMat_ToHostOp : RunMat_Op<"to_host", [Pure, SameOperandsAndResultType]> {
  let summary = "gather: bring the value back to the host";
  let arguments = (ins RunMat_Value:$operand);
  let results = (outs RunMat_Value:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Effects
//===----------------------------------------------------------------------===//

def RunMat_CheckOp : RunMat_Op<"check", [MemoryEffects<[MemWrite]>]> {
  let summary = "stop the program with a message unless the condition holds";
  let arguments = (ins I1:$condition, StrAttr:$message);
  let assemblyFormat = "$condition `,` $message attr-dict";
  let hasCanonicalizeMethod = 1;
}

def RunMat_PrintOp : RunMat_Op<"print", [MemoryEffects<[MemWrite]>]> {
  let summary = "fprintf to standard output";
  let description = [{
    MATLAB's `fprintf(format, args...)`: escapes in `format` are interpreted
    at run time, and the format is reused until every element of every
    argument (column-major) has been consumed. With `stop`, the text is not
    printed: the program stops with it as its error message (MATLAB's
    `error(format, args...)`). With `warning`, it goes to standard error
    after "warning: " (MATLAB's `warning(format, args...)`).
  }];
  let arguments = (ins StrAttr:$format, Variadic<RunMat_Value>:$args, UnitAttr:$stop, UnitAttr:$warning);
  let assemblyFormat = "$format (`(` $args^ `:` type($args) `)`)? attr-dict";
}

def RunMat_DisplayOp : RunMat_Op<"display", [MemoryEffects<[MemWrite]>]> {
  let summary = "show a value as an unsuppressed statement (with name) or disp (without)";
  let description = [{
    With `integer_class` (int8 .. uint64: the MATLAB class of a value the
    frontend holds in double storage) the values are shown as that class
    is: integers in columns as wide as the widest.
  }];
  let arguments = (ins RunMat_Value:$operand, OptionalAttr<StrAttr>:$name, OptionalAttr<StrAttr>:$integer_class);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

//===----------------------------------------------------------------------===//
// Kernel form
//===----------------------------------------------------------------------===//

def RunMat_KernelOp : RunMat_Op<"kernel", [IsolatedFromAbove, AttrSizedOperandSegments, NoMemoryEffect,
                                           SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "an iteration space with a scalar body: the unit of code generation";
  let description = [{
    The iteration space has one extent per `space` operand. The body runs at
    every point of it: its block arguments are the point's indices, the
    extents, one element of each input, and the scalar operands. Input `t`
    is read at the point through `input_maps[t]`, which names the iteration
    dimension each of its dimensions follows; extents of 1 expand (MATLAB's
    implicit expansion), so one map serves every shape a value may take.

    A map kernel (no `reduce_dims`) writes what the body yields to its
    outputs at the point; outputs have the iteration space's shape.
    A reduction kernel combines what the body yields over `reduce_dims` with
    `combiners` (sum, prod, max or min; max and min ignore NaN) and passes
    the accumulators (of the types the body yields), with the extents and
    optionally the scalars, to the `epilogue` region, whose yield (of the
    results' element types) is written to the outputs; outputs have extent 1 along reduced
    dimensions (trailing 1s beyond the second dropped).

    Once fusion is done, `kernel_id` is the kernel's number in the artifact
    (runmat-number-kernels): every later stage names the kernel by it, never
    by walk order. `schedules` are its GPU schedules (runmat-autotune): the
    first for any device and size, then tuned ones for a device and a size
    bucket.

    ```mlir
    %y = runmat.kernel space(%m, %n) ins(%a, %b : tensor<?x?xf32>, tensor<1x?xf32>)
           maps [[0, 1], [0, 1]] scalars(%s : f32) -> tensor<?x?xf32> {
    ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32, %y: f32, %c: f32):
      %t = arith.subf %x, %y : f32
      %u = arith.mulf %t, %c : f32
      runmat.yield %u : f32
    }
    ```
  }];
  let arguments = (ins Variadic<Index>:$space, Variadic<RunMat_Tensor>:$inputs, Variadic<AnyType>:$scalars,
                       ArrayAttr:$input_maps, DenseI64ArrayAttr:$reduce_dims, ArrayAttr:$combiners,
                       OptionalAttr<StrAttr>:$label, OptionalAttr<I64Attr>:$kernel_id,
                       OptionalAttr<TypedArrayAttrBase<RunMat_ScheduleAttr, "GPU schedules">>:$schedules);
  let results = (outs Variadic<RunMat_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body, AnyRegion:$epilogue);
  // Fusion builds kernels before they have an id (runmat-number-kernels)
  // or a schedule (runmat-autotune).
  let builders = [OpBuilder<(ins "::mlir::TypeRange":$results, "::mlir::ValueRange":$space,
                                 "::mlir::ValueRange":$inputs, "::mlir::ValueRange":$scalars,
                                 "::mlir::ArrayAttr":$input_maps, "::llvm::ArrayRef<int64_t>":$reduce_dims,
                                 "::mlir::ArrayAttr":$combiners, "::mlir::StringAttr":$label), [{
    build($_builder, $_state, results, space, inputs, scalars, input_maps, reduce_dims, combiners, label,
          /*kernel_id=*/nullptr, /*schedules=*/nullptr);
  }]>];
  let hasVerifier = 1;
  let hasCustomAssemblyFormat = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    int64_t getRank() { return getSpace().size(); }
    bool isReduction() { return !getReduceDims().empty(); }
    // The map of input t: iteration dimension per tensor dimension.
    SmallVector<int64_t> getInputMap(unsigned t);
    // Body block arguments: indices, extents, input elements, scalars.
    Block &getBodyBlock() { return getBody().front(); }
    // Extent d of the results: the space's, or a constant 1 (built with
    // `b`) along a reduced or dropped dimension.
    Value buildResultExtent(OpBuilder &b, int64_t d);
    // The dimensions its group reductions (runmat.group_reduce) combine
    // over; empty when the body has none.
    SmallVector<int64_t> getGroupDims();
    // Queries every stage asks (fusion, both code generators): whether the
    // body draws random numbers, whether it has a loop anywhere, and its
    // fused time loop: the one loop at the top of the body, its bounds
    // kernel scalars or constants (null when there is none).
    bool drawsRandom();
    bool hasLoop();
    ::mlir::scf::ForOp getTimeLoop();
    // Arithmetic per point for the cost and schedule models: the body's
    // operations outside loops, plus those of a loop whose trips the
    // runtime cannot count. A fused time loop with its three bounds kernel
    // scalars is counted per trip instead: its bounds' scalar indices go to
    // `loopScalars` (when given) and its operations per trip to `loopOps`.
    int64_t getOpsPerPoint(::llvm::SmallVectorImpl<int64_t> *loopScalars = nullptr, int64_t *loopOps = nullptr);
    // The kernel's structure as 16 hex digits, the same for the same body,
    // maps, types and reductions wherever and whenever it is compiled (no
    // locations, labels, ids or schedules): the tuning database's key.
    std::string getFingerprint();
  }];
}

def RunMat_YieldOp : RunMat_Op<"yield", [Pure, Terminator, ReturnLike, HasParent<"KernelOp">]> {
  let summary = "the elements a kernel body or epilogue produces";
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* no values */ }]>];
}

def RunMat_RandomOp : RunMat_Op<"random", [Pure]> {
  let summary = "one element of a counter-based random draw";
  let description = [{
    Element `index` of draw `stream` under `seed`: Philox4x32-10 with key
    `seed` and counter (index, stream), turned into a uniform number in
    (0, 1) or a standard normal one (Box-Muller), as
    runtime_shim/lib/Philox.h defines them. Used inside kernel bodies.
  }];
  let arguments = (ins RunMat_Distribution:$distribution, I64:$seed, I64:$stream, I64:$index);
  let results = (outs RunMat_Float:$result);
  let assemblyFormat = "$distribution $seed `,` $stream `,` $index attr-dict `:` type($result)";
}

def RunMat_GroupReduceOp : RunMat_Op<"group_reduce", [NoMemoryEffect, SameOperandsAndResultType]> {
  let summary = "a reduction across the points of a kernel's group, inside its body";
  let description = [{
    Combines `value` over every point of the enclosing kernel's space that
    differs from this point only along `dims` (0-based iteration
    dimensions): the group. Every point of the group gets the same result.
    Column-local loop fusion writes it: NLMS's per-column sums over rows,
    inside the time loop. All points of a group reach it together, so it may
    sit in the kernel body or in `scf.for` loops there, never under a
    condition; all group reductions of one kernel name the same `dims`, and
    the kernel is a map kernel. `max` and `min` ignore NaN.

    ```mlir
    %s = runmat.group_reduce sum %x dims [0] : f32
    ```
  }];
  let arguments = (ins RunMat_ReduceKind:$kind, AnyFloat:$value, DenseI64ArrayAttr:$dims);
  let results = (outs AnyFloat:$result);
  let assemblyFormat = "$kind $value `dims` $dims attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def RunMat_LaunchOp : RunMat_Op<"launch", [AttrSizedOperandSegments, MemoryEffects<[MemWrite, MemRead]>]> {
  let summary = "run an outlined kernel; allocates its outputs";
  let description = [{
    What a `runmat.kernel` becomes once its body is compiled: `kernel` is
    its kernel_id, its index in the artifact's kernel table. The outputs are
    allocated with the iteration space's shape (extent 1 along
    `reduce_dims`). `group_slots`: a column-local kernel's CPU scratch slots
    per row (the CPU outlining's one fact for the manifest).
  }];
  let arguments = (ins I64Attr:$kernel, Variadic<Index>:$space, Variadic<RunMat_Tensor>:$inputs,
                       Variadic<AnyType>:$scalars, DenseI64ArrayAttr:$reduce_dims,
                       OptionalAttr<I64Attr>:$group_slots);
  let results = (outs Variadic<RunMat_Tensor>:$results);
  let assemblyFormat = [{
    $kernel `space` `(` $space `)` (`ins` `(` $inputs^ `:` type($inputs) `)`)?
    (`scalars` `(` $scalars^ `:` type($scalars) `)`)? `reduce` $reduce_dims attr-dict (`->` type($results)^)?
  }];
}

def RunMat_RetainOp : RunMat_Op<"retain", [MemoryEffects<[MemWrite]>]> {
  let summary = "take one more reference to a tensor's buffer (ownership pass)";
  let arguments = (ins RunMat_Tensor:$operand);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

def RunMat_ReleaseOp : RunMat_Op<"release", [MemoryEffects<[MemWrite]>]> {
  let summary = "drop a reference to a tensor's buffer (ownership pass)";
  let arguments = (ins RunMat_Tensor:$operand);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

#endif // RUNMAT_OPS_TD
