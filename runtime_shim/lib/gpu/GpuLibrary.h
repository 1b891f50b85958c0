// The shim's own GPU shaders (shaders/*.comp), compiled to SPIR-V when the
// shim is built and embedded in it: tiled matrix product (also symmetric
// rank-k), the tensor-core Gram product and its row scales, split-K sum,
// Householder QR, strided copy.
#pragma once

#include <cstddef>
#include <cstdint>

namespace runmat::rt {

enum class LibraryShader {
  MatmulF32, MatmulF64, MatmulNarrowF32, MatmulNarrowF64, SplitKSumF32, SplitKSumF64,
  GramSplit16, GramSplit16Coopmat, ColumnScale, QrF32, QrF64, Copy1, Copy4, Copy8, Count
};

struct SpirvModule {
  const uint32_t *words;
  size_t count;
};

SpirvModule librarySpirv(LibraryShader s);
const char *libraryShaderName(LibraryShader s);

} // namespace runmat::rt
