// What the shim's library shaders share with generated kernels: the push
// constant is the device address of an argument block of 32-bit words.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require

#ifdef RM_F64
#define T double
#define T_ALIGN 8
#else
#define T float
#define T_ALIGN 4
#endif

layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer RmArgs { uint w[]; };
layout(push_constant) uniform RmPush { RmArgs args; } rm_push;

uvec2 rm_addr(RmArgs a, int word) { return uvec2(a.w[word], a.w[word + 1]); }
int rm_int(RmArgs a, int word) { return int(a.w[word]); }
