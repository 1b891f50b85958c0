#version 460
// C = op(A) * op(B), tiled through shared memory. op(A)(i, k) is
// A[i * sai + k * sak] and op(B)(k, j) is B[k * sbk + j * sbj], so a
// transposed operand is only other strides: A.' * A never materializes a
// transpose. With the symmetric flag (A.' * A, B the same matrix) only tiles
// on or above the diagonal run and each writes its mirror too (syrk). With
// split-K (S > 1 slices of K, grid z) each slice writes its own M x N
// partial product at C + z * ldc * N for splitk_sum to add up. With the
// centered flag (the centered Gram product of runmat.centered_gram), op(A)
// loads subtract mu[i] and op(B) loads mu[j], so (A - mu)' * (A - mu) is
// computed without the centered matrix; every result is divided by the
// divisor.
//
// Arguments: 0 A, 2 B, 4 C (addresses); 6 M, 7 N, 8 K, 9 sai, 10 sak,
// 11 sbk, 12 sbj, 13 ldc, 14 flags (1: symmetric, 2: centered), 15 K per
// slice, 16 mu (address), 18 mu's stride, 19 divisor (T's bits).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(constant_id = 0) const int TM = 4;  // rows of C per thread
layout(constant_id = 1) const int TN = 4;  // columns of C per thread
layout(constant_id = 2) const int BK = 16; // depth of a shared tile
layout(local_size_x = 16, local_size_y = 16) in;

const int BM = 16 * TM, BN = 16 * TN;
shared T As[BK * BM];
shared T Bs[BK * BN];

layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) readonly buffer InT { T v[]; };
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) writeonly buffer OutT { T v[]; };

void main() {
  RmArgs a = rm_push.args;
  InT A = InT(rm_addr(a, 0)), B = InT(rm_addr(a, 2));
  OutT C = OutT(rm_addr(a, 4));
  const int M = rm_int(a, 6), N = rm_int(a, 7), K = rm_int(a, 8);
  const int sai = rm_int(a, 9), sak = rm_int(a, 10), sbk = rm_int(a, 11), sbj = rm_int(a, 12);
  const int ldc = rm_int(a, 13);
  const bool symmetric = (a.w[14] & 1u) != 0u, centered = (a.w[14] & 2u) != 0u;
  InT mu = InT(rm_addr(a, 16));
  const int smu = rm_int(a, 18);
#ifdef RM_F64
  const T divisor = packDouble2x32(uvec2(a.w[19], a.w[20]));
#else
  const T divisor = uintBitsToFloat(a.w[19]);
#endif
  const int kSlice = rm_int(a, 15);
  const int tileI = int(gl_WorkGroupID.x), tileJ = int(gl_WorkGroupID.y), z = int(gl_WorkGroupID.z);
  if (symmetric && tileI > tileJ) return; // the mirror of another tile
  const int i0 = tileI * BM, j0 = tileJ * BN;
  const int kBegin = z * kSlice, kEnd = min(K, kBegin + kSlice);
  const int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y), tid = ty * 16 + tx;
  // Consecutive threads load consecutive addresses of whichever layout.
  const bool aRows = abs(sai) <= abs(sak), bDepth = abs(sbk) <= abs(sbj);

  T acc[TM][TN];
  for (int m = 0; m < TM; ++m)
    for (int n = 0; n < TN; ++n) acc[m][n] = T(0);

  for (int k0 = kBegin; k0 < kEnd; k0 += BK) {
    for (int e = tid; e < BM * BK; e += 256) {
      int i = aRows ? e % BM : e / BK, k = aRows ? e / BM : e % BK;
      int gi = i0 + i, gk = k0 + k;
      As[k * BM + i] = (gi < M && gk < kEnd) ? A.v[gi * sai + gk * sak] - (centered ? mu.v[gi * smu] : T(0)) : T(0);
    }
    for (int e = tid; e < BN * BK; e += 256) {
      int k = bDepth ? e % BK : e / BN, j = bDepth ? e / BK : e % BN;
      int gk = k0 + k, gj = j0 + j;
      Bs[k * BN + j] = (gj < N && gk < kEnd) ? B.v[gk * sbk + gj * sbj] - (centered ? mu.v[gj * smu] : T(0)) : T(0);
    }
    barrier();
    for (int k = 0; k < BK; ++k) {
      T av[TM], bv[TN];
      for (int m = 0; m < TM; ++m) av[m] = As[k * BM + tx + 16 * m];
      for (int n = 0; n < TN; ++n) bv[n] = Bs[k * BN + ty + 16 * n];
      for (int m = 0; m < TM; ++m)
        for (int n = 0; n < TN; ++n) acc[m][n] = fma(av[m], bv[n], acc[m][n]);
    }
    barrier();
  }

  const int base = z * ldc * N;
  for (int m = 0; m < TM; ++m)
    for (int n = 0; n < TN; ++n) {
      int gi = i0 + tx + 16 * m, gj = j0 + ty + 16 * n;
      if (gi < M && gj < N) {
        T value = acc[m][n] / divisor;
        C.v[base + gi + gj * ldc] = value;
        if (symmetric && tileI < tileJ) C.v[base + gj + gi * ldc] = value;
      }
    }
}
