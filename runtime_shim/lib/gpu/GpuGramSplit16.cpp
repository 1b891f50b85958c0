// The symmetric single-precision product op(A)' op(A) on tensor cores
// (gram_split16.comp), after column_scale.comp has found each row's power
// of two; split over K like the tiled product, the slices summed by
// splitk_sum.comp.
#include "GpuLibraryDispatch.h"

#include <cstdlib>
#include <cstring>

namespace runmat::rt {

namespace {

bool emulationRequested() {
  const char *env = std::getenv("RUNMAT_GPU_TENSOR_CORES");
  return env && std::strcmp(env, "emulate") == 0;
}

// The kernel's specialization: fragment shape, fragments per subgroup
// (2 x 4 subgroups per workgroup) and tile depth; tiles are 128 x 128 on
// the device, 64 x 64 in the emulation (lavapipe's 32 KiB of shared memory).
struct Split16Shape {
  uint32_t lm, ln, lk, fm, fn, bk;
  int64_t tile() const { return 2 * fm * lm; }
  std::vector<uint32_t> spec(bool kContiguous, bool vec4) const {
    return {lm, ln, lk, fm, fn, bk, kContiguous ? 1u : 0u, vec4 ? 1u : 0u};
  }
};

Split16Shape shapeFor(const TensorCores &tc, bool emulated) {
  if (emulated) return {16, 16, 16, 2, 1, 16};
  return {tc.m, tc.n, tc.k, 4, 32 / tc.n, 32};
}

} // namespace

bool gramSplit16Applies(GpuDevice &d, int64_t M, int64_t K) {
  if (M < 64 || M > 65535 || K == 0) return false; // column_scale.comp: one workgroup per row
  return d.tensorCores().usable() || emulationRequested();
}

bool gramSplit16(runmat_exec *x, const GramOperand &op, Tensor *center, double divisor, Tensor *c,
                 std::string &refusal, bool &unavailable) {
  GpuBackend &g = *x->gpu;
  GpuDevice &d = g.device();
  const bool emulated = emulationRequested();
  const Split16Shape shape = shapeFor(d.tensorCores(), emulated);
  // Quads of depths as single 16-byte loads where the layout allows.
  const bool kContiguous = std::abs(op.sak) <= std::abs(op.sai);
  const bool vec4 = op.sak == 1 && op.sai % 4 == 0 && op.K % 4 == 0 && deviceAddress(op.a) % 16 == 0;
  VkPipeline scale = g.library(LibraryShader::ColumnScale, {}, refusal);
  VkPipeline gram = scale ? g.library(emulated ? LibraryShader::GramSplit16 : LibraryShader::GramSplit16Coopmat,
                                      shape.spec(kContiguous, vec4), refusal)
                          : VK_NULL_HANDLE;
  if (!gram) return unavailable = true, false;
  const int64_t M = op.M, K = op.K, bk = shape.bk;
  const int64_t tilesM = (M + shape.tile() - 1) / shape.tile(), tiles = tilesM * (tilesM + 1) / 2;
  int64_t S = splitKSlices(tiles, M, M, K, d.computeUnits());
  const int64_t kSlice = ((K + S - 1) / S + bk - 1) / bk * bk;
  S = (K + kSlice - 1) / kSlice;
  VkPipeline sum = S > 1 ? g.library(LibraryShader::SplitKSumF32, {}, refusal) : VK_NULL_HANDLE;
  if (S > 1 && !sum) return false;
  GpuBuffer *scales = g.stream().allocate((size_t)M * 4);
  GpuBuffer *partial = scales && S > 1 ? g.stream().allocate((size_t)(S * M * M) * 4) : nullptr;
  if (!scales || (S > 1 && !partial)) {
    refusal = g.stream().error();
    g.stream().release(scales);
    return false;
  }
  const char *name = center ? "gram" : "matmul"; // as the tiled product reports it
  const int tag = g.tagLibrary(name);
  const uint64_t muAddress = center ? deviceAddress(center) : 0;
  const uint32_t muStride = center ? (uint32_t)center->strides[1] : 0;

  std::vector<uint32_t> s(11, 0);
  putAddress(s, 0, deviceAddress(op.a));
  putAddress(s, 2, scales->address);
  putAddress(s, 4, muAddress);
  s[6] = (uint32_t)M, s[7] = (uint32_t)K, s[8] = (uint32_t)op.sai, s[9] = (uint32_t)op.sak, s[10] = muStride;
  x->launches++;
  bool ok = dispatch(x, scale, s, (uint32_t)M, 1, 1, tag, refusal);

  // The argument words of matmul.comp where they mean the same.
  std::vector<uint32_t> w(23, 0);
  putAddress(w, 0, deviceAddress(op.a));
  putAddress(w, 4, partial ? partial->address : deviceAddress(c));
  w[6] = (uint32_t)M, w[8] = (uint32_t)K, w[9] = (uint32_t)op.sai, w[10] = (uint32_t)op.sak, w[13] = (uint32_t)M;
  w[14] = center ? 2u : 0u, w[15] = (uint32_t)kSlice;
  putAddress(w, 16, muAddress);
  w[18] = muStride;
  const float d32 = (float)divisor;
  std::memcpy(&w[19], &d32, 4);
  putAddress(w, 21, scales->address);
  x->telemetry.noteSchedule(name, scheduleKey({2, emulated, shape.lm, shape.ln, shape.lk, (uint64_t)bk, (uint64_t)tiles,
                                             (uint64_t)S}),
                            [&] {
                              return std::string(emulated ? "emulated tensor cores" : "tensor cores") + " (" +
                                     std::to_string(shape.lm) + " x " + std::to_string(shape.ln) + " x " +
                                     std::to_string(shape.lk) + " half fragments, values split in two halves): " +
                                     std::to_string(shape.tile()) + " x " + std::to_string(shape.tile()) +
                                     " tiles of depth " + std::to_string(bk) + ", " + std::to_string(tiles) +
                                     (tiles == 1 ? " tile" : " tiles") + " on or above the diagonal" +
                                     (S > 1 ? ", K split " + std::to_string(S) + " ways" : "");
                            });
  if (ok) {
    x->launches++;
    ok = dispatch(x, gram, w, (uint32_t)tilesM, (uint32_t)tilesM, (uint32_t)S, tag, refusal);
  }
  if (ok && partial) ok = dispatchSplitKSum(x, sum, partial, c, M * M, S, tag, refusal);
  g.stream().release(partial);
  g.stream().release(scales);
  return ok;
}

} // namespace runmat::rt
