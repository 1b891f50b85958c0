// Single-precision elementary functions for kernels, accurate to about an
// ulp on every device: GLSL's built-ins may be approximations (and biased,
// which compounds in loops), so the CPU and the GPU would drift apart.
// Range reduction and polynomials after fdlibm and Cephes.

// y * 2^e for an integer e in [-151, 128], in two factors built from their
// bits (each a normal number), so that 2^e alone may overflow or be subnormal.
float rm_scale2_f32(float y, int e) {
  int h = e >> 1;
  return y * intBitsToFloat((h + 127) << 23) * intBitsToFloat((e - h + 127) << 23);
}

// exp(hi + lo) for hi in [-104, 88.73] and |lo| at most an ulp of hi.
// Float-integer conversions run at a quarter of the FMA rate or less, so k =
// round(hi / ln 2) comes from adding 1.5 * 2^23 (the sum's last bit is k's),
// which also holds k's bits.
float rm_exp_core_f32(float hi, float lo) {
  precise float t = fma(hi, 1.44269502162933349609, 12582912.0);
  precise float k = t - 12582912.0;
  precise float r = fma(k, -0.693145751953125, hi); // ln 2, high part: k * it is exact
  r = r - k * 1.42860676533018e-06;                // ln 2, low part (lavapipe's fma here lost 35 ulps)
  r = r + lo;
  // exp(r) on |r| <= ln(2)/2: Taylor to degree 7 (truncation below 2^-27).
  float p = fma(r, 1.98412698e-04, 1.38888889e-03);
  p = fma(r, p, 8.33333333e-03);
  p = fma(r, p, 4.16666667e-02);
  p = fma(r, p, 1.66666667e-01);
  p = fma(r, p, 0.5);
  p = fma(r, p, 1.0);
  return rm_scale2_f32(fma(r, p, 1.0), floatBitsToInt(t) - 0x4B400000);
}

// Special cases by selects after the arithmetic, not by early returns: an
// inlined function's returns become branches, which cost the H200 more
// than the arithmetic they skip (image_normalize's pow: 0.45 ms a pass).
// exp(x) where it overflows, underflows or is NaN, else r.
float rm_exp_special_f32(float x, float r) {
  r = mix(r, RM_INF_F32, x > 88.72283935546875);
  r = mix(r, 0.0, x < -103.972084045410);
  return mix(r, x, isnan(x));
}
float rm_exp_f32(float x) { return rm_exp_special_f32(x, rm_exp_core_f32(x, 0.0)); }

// x = m * 2^k for a finite x > 0, m in [sqrt(1/2), sqrt(2)): m, and k as a
// float. From the bits (frexp costs more); the float of k by the same
// 1.5 * 2^23 trick as in exp.
float rm_mantissa_f32(float x, out float k) {
  bool subnormal = floatBitsToInt(x) < 0x00800000; // scaled by 2^23 first
  int ix = floatBitsToInt(mix(x, x * 8388608.0, subnormal));
  int e = (ix - 0x3f3504f3) >> 23;
  precise float ef = intBitsToFloat(0x4B400000 + e) - 12582912.0;
  k = ef + mix(0.0, -23.0, subnormal);
  return intBitsToFloat(ix - (e << 23));
}

// log of a finite x > 0 as dk * ln 2 + f + (the returned small part), with
// f = m - 1 (exact).
float rm_log_parts_f32(float x, out float dk, out float f) {
  float m = rm_mantissa_f32(x, dk);
  // Cephes logf: a polynomial in f on [sqrt(1/2) - 1, sqrt(2) - 1), no
  // division; ln 2 in two parts.
  f = m - 1.0;
  float z = f * f;
  float p = fma(f, 7.0376836292e-2, -1.1514610310e-1);
  p = fma(f, p, 1.1676998740e-1);
  p = fma(f, p, -1.2420140846e-1);
  p = fma(f, p, 1.4249322787e-1);
  p = fma(f, p, -1.6668057665e-1);
  p = fma(f, p, 2.0000714765e-1);
  p = fma(f, p, -2.4999993993e-1);
  p = fma(f, p, 3.3333331174e-1);
  float y = fma(dk, -2.12194440e-4, p * f * z);
  return fma(-0.5, z, y);
}

float rm_log_pos_f32(float x) {
  float dk, f;
  float y = rm_log_parts_f32(x, dk, f);
  return fma(dk, 0.693359375, f + y);
}

// log x as hi + lo (lo about 2^-24 of hi), for pow: y * log x rounded to
// single precision would cost up to |y log x| ulps of the power.
float rm_log_pos2_f32(float x, out float lo) {
  float dk, f;
  float y = rm_log_parts_f32(x, dk, f);
  // Two exact sums (Fast2Sum: |a| >= |f| when dk != 0, |s| >= |y|).
  precise float a = dk * 0.693359375;
  precise float s = a + f;
  precise float sl = (a - s) + f;
  precise float h = s + y;
  precise float hl = ((s - h) + y) + sl;
  lo = hl;
  return h;
}

float rm_log_f32(float x) {
  if (isnan(x) || x < 0.0) return RM_NAN_F32;
  if (x == 0.0) return -RM_INF_F32;
  if (isinf(x)) return x;
  return rm_log_pos_f32(x);
}

// sin and cos on |r| <= pi/4.
float rm_ksin_f32(float r) {
  float z = r * r;
  return fma(r * z, fma(z, fma(z, fma(z, 2.7557314297e-06, -1.9841270114e-04), 8.3333337680e-03),
                        -1.6666667163e-01), r);
}
float rm_kcos_f32(float r) {
  float z = r * r;
  float p = z * z * fma(z, fma(z, fma(z, -2.7557314297e-07, 2.4801587642e-05), -1.3888889225e-03), 4.1666667908e-02);
  return 1.0 - 0.5 * z + p;
}
// x = n pi/2 + r, with pi/2 in three parts (Cody-Waite); n mod 4 in `quadrant`.
float rm_reduce_f32(float x, out int quadrant) {
  float k = roundEven(x * 0.636619772367581343);
  quadrant = int(k - 4.0 * floor(k * 0.25));
  // The first two parts have few bits, so k times them is exact without
  // fma (lavapipe's fma here lost up to 75 ulps of cos near its zeros).
  precise float r = x - k * 1.5703125;
  r = r - k * 4.837512969970703125e-4;
  return r - k * 7.54978995489188216e-8;
}
float rm_sin_f32(float x) {
  if (isnan(x) || isinf(x)) return RM_NAN_F32;
  int n;
  float r = rm_reduce_f32(x, n);
  return n == 0 ? rm_ksin_f32(r) : n == 1 ? rm_kcos_f32(r) : n == 2 ? -rm_ksin_f32(r) : -rm_kcos_f32(r);
}
float rm_cos_f32(float x) {
  if (isnan(x) || isinf(x)) return RM_NAN_F32;
  int n;
  float r = rm_reduce_f32(x, n);
  return n == 0 ? rm_kcos_f32(r) : n == 1 ? -rm_ksin_f32(r) : n == 2 ? -rm_kcos_f32(r) : rm_ksin_f32(r);
}
float rm_tan_f32(float x) { return rm_sin_f32(x) / rm_cos_f32(x); }

float rm_tanh_f32(float x) {
  if (isnan(x)) return x;
  float a = abs(x);
  if (a > 9.0) return sign(x);
  if (a >= 0.625) {
    float z = 1.0 - 2.0 / (rm_exp_f32(2.0 * a) + 1.0);
    return x < 0.0 ? -z : z;
  }
  float z = x * x; // Cephes tanhf
  float p = ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z + 1.33314422036e-1) * z -
             3.33332819422e-1);
  return fma(p * z, x, x);
}

// sqrt with one Newton step on x * rsqrt(x): correctly rounded in practice,
// and no division.
float rm_sqrt_f32(float x) {
  if (x < 0.0) return RM_NAN_F32;
  if (x == 0.0 || isinf(x)) return x;
  float r = inversesqrt(x), y = x * r;
  return fma(fma(-y, y, x), 0.5 * r, y);
}

// (xh + xl)^k for 1 <= k <= 64 by repeated squaring with every product
// carried in two parts (its rounding error from an fma): hi + lo within
// about half an ulp while the parts are normal numbers (powers above about
// 2^-100 where subnormals are flushed). Plain squaring lost up to k/2 ulps
// (x.^-64: 2.7e-6 from the CPU's powf). Where hi overflows or vanishes, lo
// is meaningless (0 here).
float rm_ipow2_f32(float xh, float xl, int k, out float lo) {
  float rh = 1.0, rl = 0.0, bh = xh, bl = xl;
  while (k > 0) {
    if ((k & 1) != 0) {
      precise float h = rh * bh;
      rl = fma(rh, bh, -h) + fma(rh, bl, rl * bh);
      rh = h;
    }
    k >>= 1;
    if (k > 0) {
      precise float h = bh * bh;
      bl = fma(bh, bh, -h) + 2.0 * bh * bl;
      bh = h;
    }
  }
  lo = (isinf(rh) || rh == 0.0 || isnan(rl)) ? 0.0 : rl;
  return rh;
}

// MATLAB's power on reals: NaN where MATLAB would be complex; repeated
// squaring for small integer exponents (exact where the power is, such as
// 2^10). The cases the exponent alone decides (true: `r` is the power).
bool rm_pow_by_exponent_f32(float x, float y, out float r) {
  r = 1.0;
  if (y == 0.0) return true;
  if (isnan(y)) {
    r = x == 1.0 ? 1.0 : RM_NAN_F32; // 1^NaN is 1, as in C and Octave
    return true;
  }
  if (y == floor(y) && abs(y) <= 64.0) {
    int k = int(abs(y));
    if (k <= 2) { // one rounding at most: x, x * x, 1 / x, 1 / (x * x)
      r = k == 1 ? x : x * x;
      if (y < 0.0) r = 1.0 / r;
      return true;
    }
    // A negative power is a power of 1 / x, taken in two parts (x^k itself
    // could vanish where x^-k is still finite).
    float q = y < 0.0 ? 1.0 / x : x;
    float ql = y < 0.0 && !isinf(q) && q != 0.0 ? q * fma(-x, q, 1.0) : 0.0;
    float lo, hi = rm_ipow2_f32(q, ql, k, lo);
    r = hi + lo;
    return true;
  }
  if (isinf(y)) {
    float a = abs(x);
    r = isnan(x) ? RM_NAN_F32 : (a == 1.0 ? 1.0 : ((a > 1.0) == (y > 0.0) ? RM_INF_F32 : 0.0));
    return true;
  }
  return false;
}
// The special bases, by selects on `r` = |x|^y as computed for a finite
// positive |x|, with y finite and not a small integer.
float rm_pow_special_bases_f32(float x, float y, float r) {
  bool integer = y == floor(y);
  r = mix(r, y > 0.0 ? RM_INF_F32 : 0.0, isinf(x));
  r = mix(r, -r, x < 0.0 && integer && mod(y, 2.0) == 1.0);
  r = mix(r, RM_NAN_F32, x < 0.0 && !integer);
  r = mix(r, y > 0.0 ? 0.0 : RM_INF_F32, x == 0.0);
  return mix(r, RM_NAN_F32, isnan(x));
}
// The exponent's cases under one branch: with a run-time exponent (the same
// in every invocation) each test was a branch of its own (image_normalize
// with a run-time gamma: 1.02 ms a pass on the H200, 0.95 with one branch;
// with selects in place of the branch and the loop, 1.06).
bool rm_pow_exponent_decides_f32(float y) { return (y == floor(y) && abs(y) <= 64.0) || isinf(y) || isnan(y); }
float rm_pow_f32(float x, float y) {
  float r;
  [[dont_flatten]] if (rm_pow_exponent_decides_f32(y)) {
    rm_pow_by_exponent_f32(x, y, r);
    return r;
  }
  // exp(y log |x|) with y log |x| in two parts.
  float lo, hi = rm_log_pos2_f32(abs(x), lo);
  precise float th = y * hi;
  precise float tl = fma(y, hi, -th) + y * lo;
  r = rm_exp_core_f32(th, tl);
  r = mix(r, RM_INF_F32, th > 88.72283935546875);
  r = mix(r, 0.0, th < -103.972084045410);
  return rm_pow_special_bases_f32(x, y, r);
}

// atan as rm_atan_f64 does, in float: two halvings, then the series.
float rm_atan_f32(float x) {
  if (isnan(x)) return x;
  float a = abs(x);
  bool big = a > 1.0;
  float t = big ? 1.0 / a : a;
  for (int k = 0; k < 2; ++k) t = t / (1.0 + rm_sqrt_f32(1.0 + t * t));
  float z = t * t;
  float s = 1.0 / 11.0;
  s = 1.0 / 9.0 - z * s;
  s = 1.0 / 7.0 - z * s;
  s = 1.0 / 5.0 - z * s;
  s = 1.0 / 3.0 - z * s;
  float r = 4.0 * (t - t * z * s);
  if (big) r = 1.57079632679 - r;
  return x < 0.0 ? -r : r;
}
