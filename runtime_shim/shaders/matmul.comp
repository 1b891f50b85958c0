#version 460
// C = op(A) * op(B), tiled through shared memory. op(A)(i, k) is
// A[i * sai + k * sak] and op(B)(k, j) is B[k * sbk + j * sbj], so a
// transposed operand is only other strides: A.' * A never materializes a
// transpose. With the symmetric flag (A.' * A, B the same matrix) only tiles
// on or above the diagonal run and each writes its mirror too (syrk). With
// split-K (S > 1 slices of K, grid z) each slice writes its own M x N
// partial product at C + z * ldc * N for splitk_sum to add up. With
// CENTERED (the centered Gram product of runmat.centered_gram), op(A) loads
// subtract mu[i] and op(B) loads mu[j] (each thread keeps the means of the
// elements it loads in registers), so (A - mu)' * (A - mu) is computed without the centered matrix;
// every result is divided by the divisor.
//
// Arguments: 0 A, 2 B, 4 C (addresses); 6 M, 7 N, 8 K, 9 sai, 10 sak,
// 11 sbk, 12 sbj, 13 ldc, 14 flags (1: symmetric), 15 K per slice; with
// CENTERED: 16 mu (address), 18 mu's stride, 19 divisor (T's bits).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(constant_id = 0) const int TM = 4;  // rows of C per thread
layout(constant_id = 1) const int TN = 4;  // columns of C per thread
layout(constant_id = 2) const int BK = 16; // depth of a shared tile
// The centered Gram product: a pipeline of its own, so plain products keep
// their code.
layout(constant_id = 3) const bool CENTERED = false;
layout(local_size_x = 16, local_size_y = 16) in;

const int BM = 16 * TM, BN = 16 * TN;
// Rows of the shared tiles are padded by 4 elements: the tile loads write
// BK depths of one row or column at once, which without padding fall in one
// memory bank (pca's Gram product on the H100: 9.0 ms unpadded, 8.4 padded
// by 1, 8.2 by 4, which keeps rows 16-byte aligned).
const int PAD = 4, SA = BM + PAD, SB = BN + PAD;
shared T As[BK * SA];
shared T Bs[BK * SB];
// Elements of the A and B tiles each thread loads (the same (i, j) every k step).
const int LA = (BM * BK + 255) / 256, LB = (BN * BK + 255) / 256;

layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) readonly buffer InT { T v[]; };
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) writeonly buffer OutT { T v[]; };

void main() {
  RmArgs a = rm_push.args;
  InT A = InT(rm_addr(a, 0)), B = InT(rm_addr(a, 2));
  OutT C = OutT(rm_addr(a, 4));
  const int M = rm_int(a, 6), N = rm_int(a, 7), K = rm_int(a, 8);
  const int sai = rm_int(a, 9), sak = rm_int(a, 10), sbk = rm_int(a, 11), sbj = rm_int(a, 12);
  const int ldc = rm_int(a, 13);
  const bool symmetric = (a.w[14] & 1u) != 0u;
  const int kSlice = rm_int(a, 15);
  const int tileI = int(gl_WorkGroupID.x), tileJ = int(gl_WorkGroupID.y), z = int(gl_WorkGroupID.z);
  if (symmetric && tileI > tileJ) return; // the mirror of another tile
  const int i0 = tileI * BM, j0 = tileJ * BN;
  const int kBegin = z * kSlice, kEnd = min(K, kBegin + kSlice);
  const int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y), tid = ty * 16 + tx;
  // Consecutive threads load consecutive addresses of whichever layout.
  const bool aRows = abs(sai) <= abs(sak), bDepth = abs(sbk) <= abs(sbj);
  // The column means of the rows and columns this thread loads, in
  // registers for the whole K loop.
  T muA[CENTERED ? LA : 1], muB[CENTERED ? LB : 1];
  if (CENTERED) {
    InT mu = InT(rm_addr(a, 16));
    const int smu = rm_int(a, 18);
    for (int r = 0; r < LA; ++r) {
      int e = tid + 256 * r, i = aRows ? e % BM : e / BK;
      muA[r] = e < BM * BK && i0 + i < M ? mu.v[(i0 + i) * smu] : T(0);
    }
    for (int r = 0; r < LB; ++r) {
      int e = tid + 256 * r, j = bDepth ? e / BK : e % BN;
      muB[r] = e < BN * BK && j0 + j < N ? mu.v[(j0 + j) * smu] : T(0);
    }
  }

  T acc[TM][TN];
  for (int m = 0; m < TM; ++m)
    for (int n = 0; n < TN; ++n) acc[m][n] = T(0);

  for (int k0 = kBegin; k0 < kEnd; k0 += BK) {
    for (int r = 0; r < LA; ++r) {
      int e = tid + 256 * r;
      if (LA * 256 > BM * BK && e >= BM * BK) break; // a constant false for the tile shapes in use
      int i = aRows ? e % BM : e / BK, k = aRows ? e / BM : e % BK;
      int gi = i0 + i, gk = k0 + k;
      As[k * SA + i] = (gi < M && gk < kEnd) ? A.v[gi * sai + gk * sak] - (CENTERED ? muA[r] : T(0)) : T(0);
    }
    for (int r = 0; r < LB; ++r) {
      int e = tid + 256 * r;
      if (LB * 256 > BN * BK && e >= BN * BK) break;
      int k = bDepth ? e % BK : e / BN, j = bDepth ? e / BK : e % BN;
      int gk = k0 + k, gj = j0 + j;
      Bs[k * SB + j] = (gj < N && gk < kEnd) ? B.v[gk * sbk + gj * sbj] - (CENTERED ? muB[r] : T(0)) : T(0);
    }
    barrier();
    for (int k = 0; k < BK; ++k) {
      T av[TM], bv[TN];
      for (int m = 0; m < TM; ++m) av[m] = As[k * SA + tx + 16 * m];
      for (int n = 0; n < TN; ++n) bv[n] = Bs[k * SB + ty + 16 * n];
      for (int m = 0; m < TM; ++m)
        for (int n = 0; n < TN; ++n) acc[m][n] = fma(av[m], bv[n], acc[m][n]);
    }
    barrier();
  }

  T divisor = T(1);
  if (CENTERED) {
#ifdef RM_F64
    divisor = packDouble2x32(uvec2(a.w[19], a.w[20]));
#else
    divisor = uintBitsToFloat(a.w[19]);
#endif
  }
  const int base = z * ldc * N;
  for (int m = 0; m < TM; ++m)
    for (int n = 0; n < TN; ++n) {
      int gi = i0 + tx + 16 * m, gj = j0 + ty + 16 * n;
      if (gi < M && gj < N) {
        T value = CENTERED ? acc[m][n] / divisor : acc[m][n];
        C.v[base + gi + gj * ldc] = value;
        if (symmetric && tileI < tileJ) C.v[base + gj + gi * ldc] = value;
      }
    }
}
