// What every generated kernel shares: typed views of memory through buffer
// device addresses, the argument block, and the element semantics GLSL leaves
// undefined (NaN-ignoring max and min, rounding halves away from zero).

layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer RmArgs { uint w[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) readonly restrict buffer RmInF32 { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 16) readonly restrict buffer RmInF32x4 { vec4 v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) writeonly restrict buffer RmOutF32 { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 16) writeonly restrict buffer RmOutF32x4 { vec4 v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) coherent buffer RmPartialF32 { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) coherent buffer RmCounter { uint v[]; };

// One 64-bit device address, the only push constant: every other argument is
// in the block it points to (docs/gpu.md gives its layout).
layout(push_constant) uniform RmPush { RmArgs args; } rm_push;

uvec2 rm_addr(RmArgs a, int word) { return uvec2(a.w[word], a.w[word + 1]); }
float rm_scalar_f32(RmArgs a, int word) { return uintBitsToFloat(a.w[word]); }
int rm_scalar_index(RmArgs a, int word) { return int(a.w[word]); }
bool rm_scalar_i1(RmArgs a, int word) { return a.w[word] != 0u; }

#define RM_NAN_F32 uintBitsToFloat(0x7fc00000u)
#define RM_INF_F32 uintBitsToFloat(0x7f800000u)

// NaN-ignoring max and min (NaN only when both are): SPIR-V's NMax and NMin
// (GLSL.std.450 80 and 79), which GLSL does not name. One instruction on
// NVIDIA; the selects they replace cost image_normalize's second pass 8%.
spirv_instruction(set = "GLSL.std.450", id = 80) float rm_maxnum(float a, float b);
spirv_instruction(set = "GLSL.std.450", id = 79) float rm_minnum(float a, float b);
// (mix with a bool is a select; ?: may become branches.)
float rm_round(float x) {
  float t = trunc(x);
  return abs(x - t) >= 0.5 ? t + sign(x) : t;
}
