#version 460
// Copies a strided view into another (a contiguous copy, a part of a
// concatenation): element e of the source view, column-major over dims,
// goes to the same element of the destination view. Elements of RM_BYTES
// bytes (1, 4 or 8). Arguments: 0 src, 2 dst (addresses of element 0);
// 4 rank; 5.. dims[8]; 13.. source strides[8]; 21.. destination strides[8];
// 29 element count; 30, 31 the source's and destination's element 0 as
// offsets from those addresses (views with negative strides start above).
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require
#if RM_BYTES == 1
#extension GL_EXT_shader_explicit_arithmetic_types_int8 : require
#extension GL_EXT_shader_8bit_storage : require
#define E uint8_t
#define E_ALIGN 1
#elif RM_BYTES == 8
#define E uvec2
#define E_ALIGN 8
#else
#define E uint
#define E_ALIGN 4
#endif

layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer RmArgs { uint w[]; };
layout(push_constant) uniform RmPush { RmArgs args; } rm_push;
layout(buffer_reference, std430, buffer_reference_align = E_ALIGN) readonly buffer InE { E v[]; };
layout(buffer_reference, std430, buffer_reference_align = E_ALIGN) writeonly buffer OutE { E v[]; };
layout(local_size_x = 256) in;

void main() {
  RmArgs a = rm_push.args;
  InE src = InE(uvec2(a.w[0], a.w[1]));
  OutE dst = OutE(uvec2(a.w[2], a.w[3]));
  const int rank = int(a.w[4]);
  const uint total = a.w[29];
  for (uint e = gl_GlobalInvocationID.x; e < total; e += gl_NumWorkGroups.x * 256u) {
    int q = int(e), s = int(a.w[30]), d = int(a.w[31]);
    for (int p = 0; p < rank; ++p) {
      int extent = int(a.w[5 + p]);
      int i = p + 1 < rank ? q % extent : q;
      q = p + 1 < rank ? q / extent : 0;
      s += i * int(a.w[13 + p]);
      d += i * int(a.w[21 + p]);
    }
    dst.v[d] = src.v[s];
  }
}
