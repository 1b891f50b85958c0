// Double-precision uniforms and normals from Philox (see philox.glsl):
// element i is slot i % 2 of block i / 2.

// (2 * ((hi:lo) >> 12) + 1) * 2^-53, built without 64-bit integers.
double rm_uniform_f64(uint hi, uint lo) {
  double y = double(hi) * 1048576.0LF + double(lo >> 12);
  return (2.0LF * y + 1.0LF) * 1.1102230246251565404e-16LF;
}

// Slot s of a block by a select (see rm_pick4).
double rm_pick2(dvec2 v, uint s) { return s == 0u ? v.x : v.y; }

// The two elements of a block.
dvec2 rm_rand2_f64(uvec2 seed, uvec2 stream, uint64_t block) {
  uvec4 w = rm_philox_block(seed, stream, block);
  return dvec2(rm_uniform_f64(w.x, w.y), rm_uniform_f64(w.z, w.w));
}

dvec2 rm_randn2_f64(uvec2 seed, uvec2 stream, uint64_t block) {
  dvec2 u = rm_rand2_f64(seed, stream, block);
  double r = sqrt(-2.0LF * rm_log_f64(u.x));
  return dvec2(r * rm_cos_f64(6.283185307179586476925LF * u.y),
               r * rm_cos_f64(6.283185307179586476925LF * (u.y - 0.25LF)));
}

double rm_rand_f64(uvec2 seed, uvec2 stream, uint64_t index) {
  return rm_pick2(rm_rand2_f64(seed, stream, index >> 1), uint(index & 1UL));
}

double rm_randn_f64(uvec2 seed, uvec2 stream, uint64_t index) {
  uvec4 w = rm_philox_block(seed, stream, index >> 1);
  double u1 = rm_uniform_f64(w.x, w.y), u2 = rm_uniform_f64(w.z, w.w);
  if ((index & 1UL) != 0UL) u2 -= 0.25LF;
  return sqrt(-2.0LF * rm_log_f64(u1)) * rm_cos_f64(6.283185307179586476925LF * u2);
}
