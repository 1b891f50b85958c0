// What the GPU library operations share: argument words, dispatch with the
// device-lost check, and how many slices a product's K is split into.
#pragma once

#include "GpuExec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace runmat::rt {

inline void putAddress(std::vector<uint32_t> &w, size_t at, uint64_t a) {
  w[at] = (uint32_t)a;
  w[at + 1] = (uint32_t)(a >> 32);
}

// Records one dispatch of a library shader; false with `refusal` set (and
// the run stopped when the device was lost).
bool dispatch(runmat_exec *x, VkPipeline p, const std::vector<uint32_t> &w, uint32_t gx, uint32_t gy, uint32_t gz,
              int tag, std::string &refusal);

// C = the sum of `slices` partial products of `elements` each, laid one
// after another in `partial` (splitk_sum.comp).
bool dispatchSplitKSum(runmat_exec *x, VkPipeline sum, const GpuBuffer *partial, Tensor *c, int64_t elements,
                       int64_t slices, int tag, std::string &refusal);

// Slices of K for a product of `tiles` workgroups of M x N, so that tiles
// times slices fill whole waves of two workgroups per compute unit; 1 when
// the tiles alone keep the device busy or the product is too small to pay
// for the extra summing pass.
int64_t splitKSlices(int64_t tiles, int64_t M, int64_t N, int64_t K, uint32_t computeUnits);

// op(A) = A' of a single-precision matrix, for gram_split16.comp: M rows of
// K, element (i, k) at i * sai + k * sak.
struct GramOperand {
  const Tensor *a;
  int64_t M, K, sai, sak;
};
// Whether op(A)' op(A) of this shape runs through gram_split16.comp: tensor
// cores present (or RUNMAT_GPU_TENSOR_CORES=emulate, for tests) and a
// product large enough to gain from them.
bool gramSplit16Applies(GpuDevice &d, int64_t M, int64_t K);
// C = op(A)' op(A) (centered and divided when `center` is given) into c;
// false with `unavailable` set when the driver refused its pipelines.
bool gramSplit16(runmat_exec *x, const GramOperand &op, Tensor *center, double divisor, Tensor *c,
                 std::string &refusal, bool &unavailable);

} // namespace runmat::rt
