#version 460
// Adds the S partial products of a split-K matrix product:
// C[i] = sum_z P[z * MN + i]. Arguments: 0 P, 2 C; 4 MN, 5 S.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x = 256) in;
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) readonly buffer InT { T v[]; };
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) writeonly buffer OutT { T v[]; };

void main() {
  RmArgs a = rm_push.args;
  InT P = InT(rm_addr(a, 0));
  OutT C = OutT(rm_addr(a, 2));
  const int MN = rm_int(a, 4), S = rm_int(a, 5);
  for (uint i = gl_GlobalInvocationID.x; i < uint(MN); i += gl_NumWorkGroups.x * 256u) {
    T s = T(0);
    for (int z = 0; z < S; ++z) s += P.v[z * MN + int(i)];
    C.v[i] = s;
  }
}
