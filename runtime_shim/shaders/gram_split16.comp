#version 460
// The symmetric product C = op(A)' op(A) (A.' * A, and the centered Gram
// product (A - mu).' * (A - mu) / divisor) on tensor cores, in single
// precision's accuracy: every value x is scaled by its row's power of two
// (column_scale.comp), then split into two halves, hi = x's 11 leading
// significant bits (exact in half) and lo = half(x - hi), which together
// carry about 22 of x's 24 bits; each product is hi*hi + hi*lo + lo*hi
// (lo*lo is below single precision's rounding). Each tile's products are
// summed on the tensor cores, then added to the accumulator in single
// precision. Only tiles on or above the diagonal
// run; each also writes its mirror. Split-K as in matmul.comp.
//
// With RM_COOPMAT the products run as NV cooperative matrices; without it a
// plain emulation of the same fragments runs the same tiling, scaling,
// splitting and write-back on any device (the tests use it on lavapipe).
//
// Arguments: 0 A, 4 C (addresses); 6 M, 8 K, 9 sai, 10 sak, 13 ldc,
// 14 flags (2: centered), 15 K per slice, 16 mu (address), 18 mu's stride,
// 19 divisor (float bits), 21 row scales (address, int exponents;
// RM_NONFINITE_ROW for a row holding an Inf or a NaN).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#extension GL_EXT_control_flow_attributes : require
#ifdef RM_COOPMAT
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_NV_cooperative_matrix : require
#extension GL_KHR_shader_subgroup_basic : require
#define H float16_t
#else
#define H float
#endif

// The fragment shape the device multiplies (LM x LK times LK x LN).
layout(constant_id = 0) const int LM = 16;
layout(constant_id = 1) const int LN = 16;
layout(constant_id = 2) const int LK = 16;
// Fragments per subgroup along M and N, and the tile's depth.
layout(constant_id = 3) const int FM = 4;
layout(constant_id = 4) const int FN = 2;
layout(constant_id = 5) const int BK = 32;
// Whether op(A)'s depth is its contiguous dimension (A.' * A of a column-major A).
layout(constant_id = 6) const bool K_CONTIGUOUS = true;
// Whether each quad of depths is one aligned 16-byte load (unit depth stride,
// row stride and address multiples of 4 elements, K a multiple of 4).
layout(constant_id = 7) const bool VEC4 = false;
layout(local_size_x = 256) in;

// 8 subgroups of 32: 2 along M, 4 along N.
const int WARPS_M = 2, WARPS_N = 4;
const int BM = WARPS_M * FM * LM, BN = WARPS_N * FN * LN;
// A tile row is BK depths plus 8 halves: 16-byte aligned rows that do not
// all start in one memory bank.
const int SK = BK + 8;
shared H Ahi[BM * SK], Alo[BM * SK], Bhi[BN * SK], Blo[BN * SK];
// Per subgroup, one fragment's results on the way out; during the K loop its
// first 2 * (BM + BN) words hold the rows' means and scales.
const int FRAG = LM * LN;
const int RM_NONFINITE_ROW = 1024; // as column_scale.comp writes it
shared float stage[8 * FRAG];
shared uint rm_nonFinite; // a row of the tile holds an Inf or a NaN

layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer InF { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer InI { int v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) writeonly buffer OutF { float v[]; };

#ifdef RM_COOPMAT
#define FragA fcoopmatNV<16, gl_ScopeSubgroup, LM, LK>
#define FragB fcoopmatNV<16, gl_ScopeSubgroup, LK, LN>
#define FragC fcoopmatNV<32, gl_ScopeSubgroup, LM, LN>
#else
// The emulation (LM = LN = LK = 16): lane l of a subgroup holds elements
// 8l .. 8l + 7 of a fragment in row-major order. A and B fragments are
// read from shared memory where they lie.
struct FragC {
  float v[8];
};
// acc + sum over k of hi/lo products of A's rows at aAt and B's columns at
// bAt (rows of SK in shared memory).
FragC emulatedSplitProduct(int aAt, int bAt, FragC acc, int lane) {
  [[unroll]] for (int e = 0; e < 8; ++e) {
    int r = (8 * lane + e) / 16, c = (8 * lane + e) % 16;
    float ll = 0.0, hl = 0.0, hh = 0.0;
    for (int k = 0; k < 16; ++k) {
      int ia = aAt + r * SK + k, ib = bAt + c * SK + k;
      ll += Alo[ia] * Bhi[ib];
      hl += Ahi[ia] * Blo[ib];
      hh += Ahi[ia] * Bhi[ib];
    }
    acc.v[e] += (ll + hl) + hh;
  }
  return acc;
}
#endif

// Quads: 4 consecutive depths of one tile row. Each invocation loads QA of
// them per tile on the A side and QB on the B side; consecutive invocations
// read consecutive addresses.
const int QUADS = BK / 4, QA = BM * QUADS / 256, QB = BN * QUADS / 256;
ivec2 quadAt(int q, int rows) {
  return K_CONTIGUOUS ? ivec2(q / QUADS, 4 * (q % QUADS)) : ivec2(q % rows, 4 * (q / rows));
}

#ifdef RM_COOPMAT
#define H4 f16vec4
#define HALF4(v) f16vec4(v)
#else
#define H4 vec4
// Rounded as halves would be.
#define HALF4(v) vec4(unpackHalf2x16(packHalf2x16((v).xy)), unpackHalf2x16(packHalf2x16((v).zw)))
#endif
// Splits 4 scaled values into halves: hi keeps x's 11 leading significant
// bits (exact in half), lo = x - hi (exact in single, rounded to half).
#define STORE_SPLIT(HI, LO, at, x)                                                                                    \
  {                                                                                                                   \
    const H4 hi_ = HALF4(uintBitsToFloat(floatBitsToUint(x) & 0xFFFFE000u));                                         \
    const H4 lo_ = HALF4(mix((x) - vec4(hi_), vec4(0.0), isinf(x)));                                                  \
    HI[(at)] = hi_.x, HI[(at) + 1] = hi_.y, HI[(at) + 2] = hi_.z, HI[(at) + 3] = hi_.w;                              \
    LO[(at)] = lo_.x, LO[(at) + 1] = lo_.y, LO[(at) + 2] = lo_.z, LO[(at) + 3] = lo_.w;                              \
  }

layout(buffer_reference, std430, buffer_reference_align = 16) readonly buffer InF4 { vec4 v[]; };

// The quad of row g from depth gk: zero outside the matrix or the slice.
vec4 loadQuad(InF A, InF4 A4, int g, int gk, int M, int kEnd, int sai, int sak) {
  if (g >= M) return vec4(0.0);
  if (VEC4) return gk < kEnd ? A4.v[(g * sai + gk) >> 2] : vec4(0.0);
  vec4 q = vec4(0.0);
  [[unroll]] for (int c = 0; c < 4; ++c)
    if (gk + c < kEnd) q[c] = A.v[g * sai + (gk + c) * sak];
  return q;
}

void main() {
  RmArgs a = rm_push.args;
  InF A = InF(rm_addr(a, 0));
  InF4 A4 = InF4(rm_addr(a, 0));
  OutF C = OutF(rm_addr(a, 4));
  InI scales = InI(rm_addr(a, 21));
  const int M = rm_int(a, 6), K = rm_int(a, 8), sai = rm_int(a, 9), sak = rm_int(a, 10), ldc = rm_int(a, 13);
  const bool centered = (a.w[14] & 2u) != 0u;
  const int kSlice = rm_int(a, 15);
  const int tileI = int(gl_WorkGroupID.x), tileJ = int(gl_WorkGroupID.y), z = int(gl_WorkGroupID.z);
  if (tileI * BM > tileJ * BN + BN - 1) return; // entirely below the diagonal: the mirror of another tile
  const int i0 = tileI * BM, j0 = tileJ * BN;
  const int kBegin = z * kSlice, kEnd = min(K, kBegin + kSlice);
  const int tid = int(gl_LocalInvocationID.x), lane = tid % 32;
#ifdef RM_COOPMAT
  const int warp = int(gl_SubgroupID);
#else
  const int warp = tid / 32;
#endif
  const int wm = warp / WARPS_N, wn = warp % WARPS_N;

  // Tile row r's scale s and mean times scale: stage[BM + BN + r] = s and
  // stage[r] = mu * s, so the scaled value is fma(x, s, -mu * s), exactly
  // s * (x - mu) rounded once (s is a power of two). A side first (r < BM).
  // A row holding an Inf or a NaN gets scale 0 here, and sets the tile's flag.
  if (tid == 0) rm_nonFinite = 0u;
  barrier();
  for (int r = tid; r < BM + BN; r += 256) {
    int g = r < BM ? i0 + r : j0 + r - BM;
    bool inside = g < M;
    int exponent = inside ? scales.v[g] : 0;
    float scale = exponent == RM_NONFINITE_ROW ? 0.0 : exp2(float(exponent));
    if (inside && exponent == RM_NONFINITE_ROW) atomicOr(rm_nonFinite, 1u);
    stage[r] = centered && inside ? InF(rm_addr(a, 16)).v[g * rm_int(a, 18)] * scale : 0.0;
    stage[BM + BN + r] = scale;
  }
  barrier();
  // Inf times a split's zero half would make NaN where single precision
  // makes Inf: a tile with such a row is multiplied plainly (slowly; rare).
  if (rm_nonFinite != 0u) {
    const float divisor = uintBitsToFloat(a.w[19]);
    InF mu = InF(rm_addr(a, 16));
    const int smu = rm_int(a, 18);
    for (int e = tid; e < BM * BN; e += 256) {
      int gi = i0 + e % BM, gj = j0 + e / BM;
      if (gi >= M || gj >= M || gi > gj) continue;
      float mi = centered ? mu.v[gi * smu] : 0.0, mj = centered ? mu.v[gj * smu] : 0.0, sum = 0.0;
      for (int k = kBegin; k < kEnd; ++k) sum = fma(A.v[gi * sai + k * sak] - mi, A.v[gj * sai + k * sak] - mj, sum);
      C.v[z * ldc * M + gi + gj * ldc] = sum / divisor;
      if (gi < gj) C.v[z * ldc * M + gj + gi * ldc] = sum / divisor;
    }
    return;
  }

  vec4 nextA[QA], nextB[QB];
  [[unroll]] for (int r = 0; r < QA; ++r) {
    ivec2 q = quadAt(tid + 256 * r, BM);
    nextA[r] = loadQuad(A, A4, i0 + q.x, kBegin + q.y, M, kEnd, sai, sak);
  }
  [[unroll]] for (int r = 0; r < QB; ++r) {
    ivec2 q = quadAt(tid + 256 * r, BN);
    nextB[r] = loadQuad(A, A4, j0 + q.x, kBegin + q.y, M, kEnd, sai, sak);
  }

  FragC acc[FM][FN];
  [[unroll]] for (int m = 0; m < FM; ++m)
    [[unroll]] for (int n = 0; n < FN; ++n)
#ifdef RM_COOPMAT
      acc[m][n] = FragC(0.0);
#else
      [[unroll]] for (int e = 0; e < 8; ++e) acc[m][n].v[e] = 0.0;
#endif

  for (int k0 = kBegin; k0 < kEnd; k0 += BK) {
    barrier(); // the previous tile's fragments are read (and the scales written)
    [[unroll]] for (int r = 0; r < QA; ++r) {
      ivec2 q = quadAt(tid + 256 * r, BM);
      bvec4 inside = lessThan(k0 + q.y + ivec4(0, 1, 2, 3), ivec4(kEnd));
      vec4 x = mix(vec4(0.0), fma(nextA[r], vec4(stage[BM + BN + q.x]), vec4(-stage[q.x])), inside);
      STORE_SPLIT(Ahi, Alo, q.x * SK + q.y, x);
    }
    [[unroll]] for (int r = 0; r < QB; ++r) {
      ivec2 q = quadAt(tid + 256 * r, BN);
      bvec4 inside = lessThan(k0 + q.y + ivec4(0, 1, 2, 3), ivec4(kEnd));
      vec4 x = mix(vec4(0.0), fma(nextB[r], vec4(stage[2 * BM + BN + q.x]), vec4(-stage[BM + q.x])), inside);
      STORE_SPLIT(Bhi, Blo, q.x * SK + q.y, x);
    }
    barrier();
    // The next tile's values travel while this one is multiplied.
    if (k0 + BK < kEnd) {
      [[unroll]] for (int r = 0; r < QA; ++r) {
        ivec2 q = quadAt(tid + 256 * r, BM);
        nextA[r] = loadQuad(A, A4, i0 + q.x, k0 + BK + q.y, M, kEnd, sai, sak);
      }
      [[unroll]] for (int r = 0; r < QB; ++r) {
        ivec2 q = quadAt(tid + 256 * r, BN);
        nextB[r] = loadQuad(A, A4, j0 + q.x, k0 + BK + q.y, M, kEnd, sai, sak);
      }
    }
    // Each tile's products are summed from zero on the tensor cores, then
    // added to the accumulator in single precision: tensor cores round their
    // sums toward zero, which over a long K biased the Gram product low by
    // about 1e-4 (pca's TOPK_SUM on the H100, all products added to the
    // accumulators directly).
    FragC steps[FM][FN];
    [[unroll]] for (int kk = 0; kk < BK; kk += LK) {
#ifdef RM_COOPMAT
      FragA ah[FM], al[FM];
      [[unroll]] for (int m = 0; m < FM; ++m) {
        uint at = uint((wm * FM * LM + m * LM) * SK + kk);
        coopMatLoadNV(ah[m], Ahi, at, uint(SK), false);
        coopMatLoadNV(al[m], Alo, at, uint(SK), false);
      }
      [[unroll]] for (int n = 0; n < FN; ++n) {
        FragB bh, bl;
        uint at = uint((wn * FN * LN + n * LN) * SK + kk);
        coopMatLoadNV(bh, Bhi, at, uint(SK), true);
        coopMatLoadNV(bl, Blo, at, uint(SK), true);
        [[unroll]] for (int m = 0; m < FM; ++m) {
          steps[m][n] = coopMatMulAddNV(al[m], bh, kk == 0 ? FragC(0.0) : steps[m][n]);
          steps[m][n] = coopMatMulAddNV(ah[m], bl, steps[m][n]);
          steps[m][n] = coopMatMulAddNV(ah[m], bh, steps[m][n]);
        }
      }
#else
      [[unroll]] for (int m = 0; m < FM; ++m)
        [[unroll]] for (int n = 0; n < FN; ++n) {
          if (kk == 0) [[unroll]] for (int e = 0; e < 8; ++e) steps[m][n].v[e] = 0.0;
          steps[m][n] = emulatedSplitProduct((wm * FM * LM + m * LM) * SK + kk, (wn * FN * LN + n * LN) * SK + kk,
                                             steps[m][n], lane);
        }
#endif
    }
    [[unroll]] for (int m = 0; m < FM; ++m)
      [[unroll]] for (int n = 0; n < FN; ++n)
#ifdef RM_COOPMAT
        acc[m][n] = acc[m][n] + steps[m][n];
#else
        [[unroll]] for (int e = 0; e < 8; ++e) acc[m][n].v[e] += steps[m][n].v[e];
#endif
  }

  // Write-back, one fragment per subgroup at a time through its stage:
  // undo the rows' scales, divide, write the element and its mirror.
  const float divisor = uintBitsToFloat(a.w[19]);
  const int base = z * ldc * M;
  [[unroll]] for (int m = 0; m < FM; ++m)
    [[unroll]] for (int n = 0; n < FN; ++n) {
      barrier(); // the stage is free (the means and scales were read before)
      const int fi = i0 + wm * FM * LM + m * LM, fj = j0 + wn * FN * LN + n * LN;
#ifdef RM_COOPMAT
      coopMatStoreNV(acc[m][n], stage, uint(warp * FRAG), uint(LM), true); // column-major
#else
      [[unroll]] for (int e = 0; e < 8; ++e) {
        int r = (8 * lane + e) / 16, c = (8 * lane + e) % 16;
        stage[warp * FRAG + c * LM + r] = acc[m][n].v[e];
      }
#endif
      barrier();
      for (int e = lane; e < FRAG; e += 32) {
        int gi = fi + e % LM, gj = fj + e / LM;
        if (gi < M && gj < M && gi <= gj) {
          float v = stage[warp * FRAG + e] * exp2(-float(scales.v[gi])) * exp2(-float(scales.v[gj])) / divisor;
          C.v[base + gi + gj * ldc] = v;
          if (gi < gj) C.v[base + gj + gi * ldc] = v;
        }
      }
    }
}
