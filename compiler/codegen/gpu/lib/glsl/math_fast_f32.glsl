// runmatc compile --math=fast (docs/gpu.md): single-precision exp, log and
// pow through the device's exp2 and log2 (on NVIDIA its special function
// units, beside the FMA pipes), with the reduction that keeps their errors
// small: exp2 only on |r| <= 1/2, log2 only of the mantissa in [sqrt(1/2),
// sqrt(2)), and y log2 |x| in two parts. A few ulps instead of about one:
// pow's error grows with |y| (log2's absolute error times y).
// Special arguments as in math_f32.glsl (which comes first).

// 2^(hi + lo) for hi in [-151, 128] and |lo| at most an ulp of hi.
float rm_exp2_core_fast_f32(float hi, float lo) {
  precise float t = hi + 12582912.0; // the nearest integer k in its last bits
  precise float k = t - 12582912.0;
  precise float r = (hi - k) + lo;
  return rm_scale2_f32(exp2(r), floatBitsToInt(t) - 0x4B400000);
}
float rm_exp_fast_f32(float x) {
  // x / ln 2 in two parts (ln 2 in two parts: the product's error is in lo).
  precise float hi = x * 1.44269502162933349609;
  precise float lo = fma(x, 1.44269502162933349609, -hi) + x * 1.92596299112661746887e-8;
  return rm_exp_special_f32(x, rm_exp2_core_fast_f32(hi, lo));
}
// log2 of a finite x > 0 as e + (the returned log2 of the mantissa).
float rm_log2_parts_fast_f32(float x, out float e) { return log2(rm_mantissa_f32(x, e)); }
float rm_log_fast_f32(float x) {
  float e, l = rm_log2_parts_fast_f32(x, e);
  float r = fma(e, 0.693147182464599609375, l * 0.693147182464599609375);
  r = mix(r, x, isinf(x));
  r = mix(r, -RM_INF_F32, x == 0.0);
  return mix(r, RM_NAN_F32, isnan(x) || x < 0.0);
}
float rm_pow_fast_f32(float x, float y) {
  float r;
  [[dont_flatten]] if (rm_pow_exponent_decides_f32(y)) {
    rm_pow_by_exponent_f32(x, y, r);
    return r;
  }
  float e, l = rm_log2_parts_fast_f32(abs(x), e);
  // y (e + l) in two parts (Fast2Sum: |y e| >= |y l| unless e = 0).
  precise float a = y * e;
  precise float ae = fma(y, e, -a);
  precise float b = y * l;
  precise float th = a + b;
  precise float tl = ((a - th) + b) + ae;
  r = rm_exp2_core_fast_f32(th, tl);
  r = mix(r, RM_INF_F32, th >= 128.0);
  r = mix(r, 0.0, th < -150.0);
  return rm_pow_special_bases_f32(x, y, r);
}
