// The reference definition of runmatc's random numbers (header-only, used by
// tests to check compiled CPU and GPU kernels bit for bit).
//
// Philox4x32-10 (Salmon et al., SC'11) with key = the seed (low, high 32 bits)
// and counter = (block low, high, stream low, high), where stream is the
// program's draw counter (one per execution of rand/randn). One block (four
// 32-bit words) gives G consecutive elements of a draw: element i (column-major
// in the drawn tensor) is slot i % G of block i / G, with G = 4 in single and
// 2 in double precision. Every word is used, so a kernel that computes G
// neighbouring elements runs Philox once for them (the GPU does).
//
// Uniform numbers lie strictly inside (0, 1) and are exactly representable:
//   single, slot s: (2 * (w[s] >> 9) + 1) * 2^-24
//   double, slot s: (2 * (((w[2s] << 32) | w[2s+1]) >> 12) + 1) * 2^-53
// Normal numbers use Box-Muller on a pair of uniforms (u1, u2): slot s uses
// pair s / 2 (single: (w[2p], w[2p+1]); double: (w0 w1, w2 w3)) and gives
//   even s: sqrt(-2 log u1) cos(2 pi u2)
//   odd s:  sqrt(-2 log u1) cos(2 pi (u2 - 1/4))   (= ... sin(2 pi u2))
// u2 - 1/4 is exact, so the odd slot needs no sine.
#pragma once

#include <cmath>
#include <cstdint>

namespace runmat::rt::philox {

struct Block {
  uint32_t w[4];
};

inline Block philox4x32_10(uint64_t seed, uint64_t index, uint64_t stream) {
  uint32_t c0 = (uint32_t)index, c1 = (uint32_t)(index >> 32), c2 = (uint32_t)stream, c3 = (uint32_t)(stream >> 32);
  uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = (uint64_t)0xD2511F53u * c0, p1 = (uint64_t)0xCD9E8D57u * c2;
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0, hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return Block{{c0, c1, c2, c3}};
}

inline float uniformSingle(uint32_t w) { return (float)(2u * (w >> 9) + 1u) * 0x1p-24f; }

inline double uniformDouble(uint32_t hi, uint32_t lo) {
  uint64_t y = (((uint64_t)hi << 32) | lo) >> 12;
  return (double)(2 * y + 1) * 0x1p-53;
}

inline float uniform(uint64_t seed, uint64_t stream, uint64_t index, float) {
  return uniformSingle(philox4x32_10(seed, index / 4, stream).w[index % 4]);
}
inline double uniform(uint64_t seed, uint64_t stream, uint64_t index, double) {
  Block b = philox4x32_10(seed, index / 2, stream);
  unsigned s = (unsigned)(index % 2);
  return uniformDouble(b.w[2 * s], b.w[2 * s + 1]);
}

inline float normal(uint64_t seed, uint64_t stream, uint64_t index, float) {
  Block b = philox4x32_10(seed, index / 4, stream);
  unsigned s = (unsigned)(index % 4), p = s / 2;
  float u1 = uniformSingle(b.w[2 * p]), u2 = uniformSingle(b.w[2 * p + 1]);
  if (s % 2) u2 -= 0.25f;
  return std::sqrt(-2.0f * std::log(u1)) * std::cos(6.2831853071795864769f * u2);
}
inline double normal(uint64_t seed, uint64_t stream, uint64_t index, double) {
  Block b = philox4x32_10(seed, index / 2, stream);
  double u1 = uniformDouble(b.w[0], b.w[1]), u2 = uniformDouble(b.w[2], b.w[3]);
  if (index % 2) u2 -= 0.25;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586476925 * u2);
}

} // namespace runmat::rt::philox
