// Single-precision elementary functions for kernels, accurate to about an
// ulp on every device: GLSL's built-ins may be approximations (and biased,
// which compounds in loops), so the CPU and the GPU would drift apart.
// Range reduction and polynomials after fdlibm and Cephes.

float rm_exp_f32(float x) {
  if (isnan(x)) return x;
  if (x > 88.72283935546875) return RM_INF_F32;
  if (x < -103.972084045410) return 0.0;
  float k = roundEven(x * 1.44269502162933349609);
  precise float r = fma(k, -0.693145751953125, x); // ln 2, high part: k * it is exact
  r = fma(k, -1.42860676533018e-06, r);           // ln 2, low part
  // exp(r) on |r| <= ln(2)/2: Taylor to degree 7 (truncation below 2^-27).
  float p = fma(r, 1.98412698e-04, 1.38888889e-03);
  p = fma(r, p, 8.33333333e-03);
  p = fma(r, p, 4.16666667e-02);
  p = fma(r, p, 1.66666667e-01);
  p = fma(r, p, 0.5);
  p = fma(r, p, 1.0);
  float y = fma(r, p, 1.0);
  int e = int(k);
  return ldexp(ldexp(y, e / 2), e - e / 2); // two steps: 2^e alone may overflow
}

float rm_log_f32(float x) {
  if (isnan(x) || x < 0.0) return RM_NAN_F32;
  if (x == 0.0) return -RM_INF_F32;
  if (isinf(x)) return x;
  int e;
  float m = frexp(x, e); // x = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752) {
    m *= 2.0;
    e -= 1;
  }
  float f = m - 1.0;
  float s = f / (2.0 + f), z = s * s, w = z * z;
  float t1 = w * (0.40000972152 + w * 0.24279078841);
  float t2 = z * (0.66666662693 + w * 0.28498786688);
  float R = t2 + t1, hfsq = 0.5 * f * f, dk = float(e);
  return dk * 0.693145751953125 - ((hfsq - (s * (hfsq + R) + dk * 1.42860676533018e-06)) - f);
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
  precise float r = fma(k, -1.5703125, x);
  r = fma(k, -4.837512969970703125e-4, r);
  return fma(k, -7.54978995489188216e-8, r);
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

// sqrt with one Newton step: correctly rounded in practice.
float rm_sqrt_f32(float x) {
  if (x < 0.0) return RM_NAN_F32;
  if (x == 0.0 || isinf(x)) return x;
  float y = sqrt(x);
  return fma(fma(-y, y, x), 0.5 / y, y);
}

// MATLAB's power on reals: NaN where MATLAB would be complex; exact
// repeated squaring for small integer exponents such as x.^2.
float rm_pow_f32(float x, float y) {
  if (y == 0.0) return 1.0;
  if (isnan(x) || isnan(y)) return RM_NAN_F32;
  bool integer = y == floor(y);
  if (integer && abs(y) <= 64.0) {
    float base = y < 0.0 ? 1.0 / x : x, r = 1.0;
    int k = int(abs(y));
    while (k > 0) {
      if ((k & 1) != 0) r *= base;
      base *= base;
      k >>= 1;
    }
    return r;
  }
  if (isinf(y)) {
    float a = abs(x);
    return a == 1.0 ? 1.0 : ((a > 1.0) == (y > 0.0) ? RM_INF_F32 : 0.0);
  }
  if (x < 0.0) {
    if (!integer) return RM_NAN_F32;
    float r = rm_exp_f32(y * rm_log_f32(-x));
    return mod(y, 2.0) == 1.0 ? -r : r;
  }
  if (x == 0.0) return y > 0.0 ? 0.0 : RM_INF_F32;
  if (isinf(x)) return y > 0.0 ? RM_INF_F32 : 0.0;
  return rm_exp_f32(y * rm_log_f32(x));
}
