// Philox4x32-10 as runtime_shim/lib/Philox.h defines runmatc's random
// numbers: key = seed, counter = (block, stream); element i is slot i % 4 of
// block i / 4 in single precision. The same bits as the CPU.

uvec4 rm_philox(uvec2 key, uvec4 ctr) {
  for (int round = 0; round < 10; ++round) {
    uint hi0, lo0, hi1, lo1;
    umulExtended(0xD2511F53u, ctr.x, hi0, lo0);
    umulExtended(0xCD9E8D57u, ctr.z, hi1, lo1);
    ctr = uvec4(hi1 ^ ctr.y ^ key.x, lo1, hi0 ^ ctr.w ^ key.y, lo0);
    key += uvec2(0x9E3779B9u, 0xBB67AE85u);
  }
  return ctr;
}

uvec4 rm_philox_block(uvec2 seed, uvec2 stream, uint64_t block) {
  uvec2 b = unpackUint2x32(block);
  return rm_philox(seed, uvec4(b.x, b.y, stream.x, stream.y));
}

// Slot s of a block by selects: a vector indexed at run time may be
// spilled to memory.
uint rm_pick4u(uvec4 v, uint s) { return s < 2u ? (s == 0u ? v.x : v.y) : (s == 2u ? v.z : v.w); }
float rm_pick4(vec4 v, uint s) { return s < 2u ? (s == 0u ? v.x : v.y) : (s == 2u ? v.z : v.w); }

// (2 * (w >> 9) + 1) * 2^-24: exact, strictly inside (0, 1).
float rm_uniform_f32(uint w) { return float(((w >> 9) << 1) | 1u) * 5.9604644775390625e-8; }

// The four elements of a block.
vec4 rm_rand4_f32(uvec2 seed, uvec2 stream, uint64_t block) {
  uvec4 w = rm_philox_block(seed, stream, block);
  return vec4(rm_uniform_f32(w.x), rm_uniform_f32(w.y), rm_uniform_f32(w.z), rm_uniform_f32(w.w));
}

// Box-Muller on (u1, u2): the even slot's and the odd slot's (u2 - 1/4) value.
vec2 rm_box_muller_f32(float u1, float u2) {
  float r = rm_sqrt_f32(-2.0 * rm_log_f32(u1));
  return vec2(r * rm_cos_f32(6.2831853071795864769 * u2), r * rm_cos_f32(6.2831853071795864769 * (u2 - 0.25)));
}

vec4 rm_randn4_f32(uvec2 seed, uvec2 stream, uint64_t block) {
  vec4 u = rm_rand4_f32(seed, stream, block);
  return vec4(rm_box_muller_f32(u.x, u.y), rm_box_muller_f32(u.z, u.w));
}

// One element (kernels that compute elements one at a time).
float rm_rand_f32(uvec2 seed, uvec2 stream, uint64_t index) {
  uvec4 w = rm_philox_block(seed, stream, index >> 2);
  return rm_uniform_f32(rm_pick4u(w, uint(index & 3UL)));
}

float rm_randn_f32(uvec2 seed, uvec2 stream, uint64_t index) {
  uvec4 w = rm_philox_block(seed, stream, index >> 2);
  uint s = uint(index & 3UL);
  float u1 = rm_uniform_f32(s < 2u ? w.x : w.z), u2 = rm_uniform_f32(s < 2u ? w.y : w.w);
  if ((s & 1u) != 0u) u2 -= 0.25;
  return rm_sqrt_f32(-2.0 * rm_log_f32(u1)) * rm_cos_f32(6.2831853071795864769 * u2);
}
