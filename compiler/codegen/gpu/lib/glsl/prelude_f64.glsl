// Double-precision counterparts of prelude.glsl, included where a kernel uses
// double (the device must have shaderFloat64).

layout(buffer_reference, std430, buffer_reference_align = 8) readonly restrict buffer RmInF64 { double v[]; };
layout(buffer_reference, std430, buffer_reference_align = 8) writeonly restrict buffer RmOutF64 { double v[]; };
layout(buffer_reference, std430, buffer_reference_align = 8) coherent buffer RmPartialF64 { double v[]; };

double rm_scalar_f64(RmArgs a, int word) { return packDouble2x32(uvec2(a.w[word], a.w[word + 1])); }

#define RM_NAN_F64 packDouble2x32(uvec2(0u, 0x7ff80000u))
#define RM_INF_F64 packDouble2x32(uvec2(0u, 0x7ff00000u))

spirv_instruction(set = "GLSL.std.450", id = 80) double rm_maxnum(double a, double b);
spirv_instruction(set = "GLSL.std.450", id = 79) double rm_minnum(double a, double b);
double rm_round(double x) {
  double t = trunc(x);
  return abs(x - t) >= 0.5LF ? t + sign(x) : t;
}
double rm_sqrt_f64(double x) { return x < 0.0LF ? RM_NAN_F64 : sqrt(x); }
