#version 460
// C = op(A) * op(B) for a narrow op(B) (N <= 16 columns), such as a power
// step's G * Q: ROWS rows of C per workgroup (16, 8 or 4: fewer for
// short products, so that there are enough workgroups), 256 / ROWS lanes
// splitting K for each row, every thread keeping its row's N sums in registers (N is a
// specialization constant, so the loops over it unroll: an array indexed
// at run time would live in memory); the lanes' sums meet in shared memory.
// The tiled kernel would give such a product only M / 128 workgroups, each
// walking all of K behind a barrier per tile.
// Arguments as matmul.comp: 0 A, 2 B, 4 C (addresses); 6 M, 7 N, 8 K,
// 9 sai, 10 sak, 11 sbk, 12 sbj, 13 ldc.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(local_size_x = 256) in;
layout(constant_id = 0) const int NN = 16; // columns of C (N)
// Rows of C per workgroup (LANES = 256 / ROWS split K for each) and loads
// of A in flight per lane.
layout(constant_id = 1) const int ROWS = 16;
layout(constant_id = 2) const int UNROLL = 8;
const int LANES = 256 / ROWS;
shared T sums[LANES * ROWS * NN];

layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) readonly buffer InT { T v[]; };
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) writeonly buffer OutT { T v[]; };

void main() {
  RmArgs a = rm_push.args;
  InT A = InT(rm_addr(a, 0)), B = InT(rm_addr(a, 2));
  OutT C = OutT(rm_addr(a, 4));
  const int M = rm_int(a, 6), K = rm_int(a, 8);
  const int sai = rm_int(a, 9), sak = rm_int(a, 10), sbk = rm_int(a, 11), sbj = rm_int(a, 12);
  const int ldc = rm_int(a, 13);
  const int t = int(gl_LocalInvocationID.x), r = t % ROWS, l = t / ROWS;
  const int i = int(gl_WorkGroupID.x) * ROWS + r;

  T acc[NN];
  [[unroll]] for (int j = 0; j < NN; ++j) acc[j] = T(0);
  if (i < M) {
    // UNROLL loads of A in flight per trip: one at a time leaves the
    // memory idle.
    int k = l;
    for (; k + (UNROLL - 1) * LANES < K; k += UNROLL * LANES) {
      T av[UNROLL];
      [[unroll]] for (int u = 0; u < UNROLL; ++u) av[u] = A.v[i * sai + (k + u * LANES) * sak];
      [[unroll]] for (int u = 0; u < UNROLL; ++u)
        [[unroll]] for (int j = 0; j < NN; ++j) acc[j] = fma(av[u], B.v[(k + u * LANES) * sbk + j * sbj], acc[j]);
    }
    for (; k < K; k += LANES) {
      T av = A.v[i * sai + k * sak];
      [[unroll]] for (int j = 0; j < NN; ++j) acc[j] = fma(av, B.v[k * sbk + j * sbj], acc[j]);
    }
  }
  [[unroll]] for (int j = 0; j < NN; ++j) sums[(l * ROWS + r) * NN + j] = acc[j];
  barrier();
  for (int e = t; e < ROWS * NN; e += 256) {
    const int rr = e % ROWS, j = e / ROWS, ii = int(gl_WorkGroupID.x) * ROWS + rr;
    T s = T(0);
    for (int ll = 0; ll < LANES; ++ll) s += sums[(ll * ROWS + rr) * NN + j];
    if (ii < M) C.v[ii + j * ldc] = s;
  }
}
