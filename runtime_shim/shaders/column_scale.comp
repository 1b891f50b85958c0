#version 460
// The power-of-two scale of each row of op(A) for gram_split16.comp: the
// exponent s_i that brings max_k |op(A)(i, k) - mu_i| into [2^13, 2^14), so
// that the row's values use half precision's range and keep its
// precision, whatever their magnitude. 0 for rows that are all zero;
// RM_NONFINITE_ROW for rows that hold an Inf or a NaN (gram_split16.comp
// multiplies their tiles in plain single precision, so that they propagate
// as they would on the CPU). One workgroup per row.
//
// Arguments: 0 A, 2 scales (int, one per row), 4 mu (0 when not centered);
// 6 rows, 7 K, 8 sai, 9 sak, 10 mu's stride.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

const int RM_NONFINITE_ROW = 1024; // as gram_split16.comp reads it

layout(local_size_x = 256) in;

layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer InF { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) writeonly buffer OutI { int v[]; };

shared float largest[256];
shared bool finite[256];

void main() {
  RmArgs a = rm_push.args;
  InF A = InF(rm_addr(a, 0));
  OutI scales = OutI(rm_addr(a, 2));
  const uvec2 muAddress = rm_addr(a, 4);
  const int rows = rm_int(a, 6), K = rm_int(a, 7), sai = rm_int(a, 8), sak = rm_int(a, 9), smu = rm_int(a, 10);
  const int i = int(gl_WorkGroupID.x), t = int(gl_LocalInvocationID.x);
  if (i >= rows) return;
  const float mu = muAddress != uvec2(0) ? InF(muAddress).v[i * smu] : 0.0;
  float m = 0.0;
  bool ok = true;
  for (int k = t; k < K; k += 256) {
    float v = abs(A.v[i * sai + k * sak] - mu);
    ok = ok && !isnan(v) && !isinf(v);
    m = max(m, v);
  }
  largest[t] = m;
  finite[t] = ok;
  barrier();
  for (int half_ = 128; half_ > 0; half_ >>= 1) {
    if (t < half_) {
      largest[t] = max(largest[t], largest[t + half_]);
      finite[t] = finite[t] && finite[t + half_];
    }
    barrier();
  }
  if (t == 0) {
    int e = 0;
    frexp(largest[0], e); // largest = f * 2^e, f in [0.5, 1)
    scales.v[i] = !finite[0] ? RM_NONFINITE_ROW : largest[0] > 0.0 ? clamp(14 - e, -120, 120) : 0;
  }
}
