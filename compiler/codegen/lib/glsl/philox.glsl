// Philox4x32-10 as runtime_shim/lib/Philox.h defines runmatc's random
// numbers: key = seed, counter = (index, stream); the same bits as the CPU.

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

uvec4 rm_philox_draw(uvec2 seed, uvec2 stream, uvec2 index) {
  return rm_philox(seed, uvec4(index.x, index.y, stream.x, stream.y));
}

// (2 * (w >> 9) + 1) * 2^-24: exact, strictly inside (0, 1).
float rm_uniform_f32(uint w) { return float(((w >> 9) << 1) | 1u) * 5.9604644775390625e-8; }

float rm_rand_f32(uvec2 seed, uvec2 stream, uvec2 index) {
  return rm_uniform_f32(rm_philox_draw(seed, stream, index).x);
}

float rm_randn_f32(uvec2 seed, uvec2 stream, uvec2 index) {
  uvec4 w = rm_philox_draw(seed, stream, index);
  float u1 = rm_uniform_f32(w.x), u2 = rm_uniform_f32(w.y);
  return rm_sqrt_f32(-2.0 * rm_log_f32(u1)) * rm_cos_f32(6.2831853071795864769 * u2);
}
