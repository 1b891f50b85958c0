// Double-precision uniforms and normals from Philox (see philox.glsl).

// (2 * ((hi:lo) >> 12) + 1) * 2^-53, built without 64-bit integers.
double rm_uniform_f64(uint hi, uint lo) {
  double y = double(hi) * 1048576.0LF + double(lo >> 12);
  return (2.0LF * y + 1.0LF) * 1.1102230246251565404e-16LF;
}

double rm_rand_f64(uvec2 seed, uvec2 stream, uvec2 index) {
  uvec4 w = rm_philox_draw(seed, stream, index);
  return rm_uniform_f64(w.x, w.y);
}

double rm_randn_f64(uvec2 seed, uvec2 stream, uvec2 index) {
  uvec4 w = rm_philox_draw(seed, stream, index);
  double u1 = rm_uniform_f64(w.x, w.y), u2 = rm_uniform_f64(w.z, w.w);
  return sqrt(-2.0LF * rm_log_f64(u1)) * rm_cos_f64(6.283185307179586476925LF * u2);
}
