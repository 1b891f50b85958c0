// Double-precision exp, log, sin, cos, tan, tanh and pow for kernels: GLSL
// defines these for float only. Range reduction and polynomials after fdlibm
// and Cephes; about one unit in the last place for arguments of moderate size
// (sin/cos lose accuracy beyond |x| ~ 1e5 after Cody-Waite reduction).

double rm_exp_f64(double x) {
  if (isnan(x)) return x;
  if (x > 709.782712893384LF) return 1.0LF / 0.0LF;
  if (x < -745.1332191019412LF) return 0.0LF;
  const double ln2hi = 6.93147180369123816490e-01LF, ln2lo = 1.90821492927058770002e-10LF;
  const double invln2 = 1.44269504088896338700e+00LF;
  double k = floor(x * invln2 + 0.5LF);
  double hi = x - k * ln2hi, lo = k * ln2lo;
  double r = hi - lo;
  double t = r * r;
  double c = r - t * (1.66666666666666019037e-01LF + t * (-2.77777777770155933842e-03LF +
                 t * (6.61375632143793436117e-05LF + t * (-1.65339022054652515390e-06LF +
                 t * 4.13813679705723846039e-08LF))));
  double y = 1.0LF - ((lo - (r * c) / (2.0LF - c)) - hi);
  return ldexp(y, int(k));
}

double rm_log_f64(double x) {
  if (isnan(x) || x < 0.0LF) return 0.0LF / 0.0LF;
  if (x == 0.0LF) return -1.0LF / 0.0LF;
  if (isinf(x)) return x;
  int e;
  double m = frexp(x, e); // x = m * 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440LF) {
    m *= 2.0LF;
    e -= 1;
  }
  double f = m - 1.0LF;
  double s = f / (2.0LF + f);
  double z = s * s, w = z * z;
  double t1 = w * (3.999999999940941908e-01LF + w * (2.222219843214978396e-01LF + w * 1.531383769920937332e-01LF));
  double t2 = z * (6.666666666666735130e-01LF + w * (2.857142874366239149e-01LF +
              w * (1.818357216161805012e-01LF + w * 1.479819860511658591e-01LF)));
  double R = t2 + t1;
  double hfsq = 0.5LF * f * f;
  double dk = double(e);
  return dk * 6.93147180369123816490e-01LF - ((hfsq - (s * (hfsq + R) + dk * 1.90821492927058770002e-10LF)) - f);
}

// sin and cos on |r| <= pi/4.
double rm_ksin(double x) {
  double z = x * x;
  return x + x * z * (-1.66666666666666324348e-01LF + z * (8.33333333332248946124e-03LF +
         z * (-1.98412698298579493134e-04LF + z * (2.75573137070700676789e-06LF +
         z * (-2.50507602534068634195e-08LF + z * 1.58969099521155010221e-10LF)))));
}
double rm_kcos(double x) {
  double z = x * x;
  double r = z * (4.16666666666666019037e-02LF + z * (-1.38888888888741095749e-03LF +
             z * (2.48015872894767294178e-05LF + z * (-2.75573143513906633035e-07LF +
             z * (2.08757232129817482790e-09LF + z * -1.13596475577881948265e-11LF)))));
  double hz = 0.5LF * z, w = 1.0LF - hz;
  return w + (((1.0LF - w) - hz) + z * r);
}
// x = n * pi/2 + r with a three-part pi/2 (Cody-Waite).
double rm_reduce(double x, out int n) {
  double k = floor(x * 6.36619772367581382433e-01LF + 0.5LF);
  n = int(mod(k, 4.0LF));
  return ((x - k * 1.57079632673412561417e+00LF) - k * 6.07710050650619224932e-11LF) -
         k * 2.02226624879595063154e-21LF;
}
double rm_sin_f64(double x) {
  if (isnan(x) || isinf(x)) return 0.0LF / 0.0LF;
  int n;
  double r = rm_reduce(x, n);
  if (n == 0) return rm_ksin(r);
  if (n == 1) return rm_kcos(r);
  if (n == 2) return -rm_ksin(r);
  return -rm_kcos(r);
}
double rm_cos_f64(double x) {
  if (isnan(x) || isinf(x)) return 0.0LF / 0.0LF;
  int n;
  double r = rm_reduce(x, n);
  if (n == 0) return rm_kcos(r);
  if (n == 1) return -rm_ksin(r);
  if (n == 2) return -rm_kcos(r);
  return rm_ksin(r);
}
double rm_tan_f64(double x) { return rm_sin_f64(x) / rm_cos_f64(x); }

double rm_tanh_f64(double x) {
  if (isnan(x)) return x;
  double a = abs(x);
  if (a > 22.0LF) return sign(x);
  if (a >= 0.625LF) {
    double s = rm_exp_f64(2.0LF * a);
    double z = 1.0LF - 2.0LF / (s + 1.0LF);
    return x < 0.0LF ? -z : z;
  }
  // Cephes rational approximation for small arguments.
  double z = x * x;
  double p = (-9.64399179425052238628e-01LF * z - 9.92877231001918586564e+01LF) * z - 1.61468768441708447952e+03LF;
  double q = (((z + 1.12811678491632931402e+02LF) * z + 2.23548839060100448583e+03LF) * z +
              4.84406305325125486048e+03LF);
  return x + x * z * p / q;
}

// MATLAB's power on reals: NaN where MATLAB would be complex.
double rm_pow_f64(double x, double y) {
  if (y == 0.0LF) return 1.0LF;
  if (x == 1.0LF) return 1.0LF; // also 1^NaN, as in C and Octave
  if (isnan(x) || isnan(y)) return 0.0LF / 0.0LF;
  bool integer = y == floor(y);
  if (integer && abs(y) <= 64.0LF) {
    // Exact repeated squaring for small integer powers such as x.^2.
    double base = y < 0.0LF ? 1.0LF / x : x, r = 1.0LF;
    int k = int(abs(y));
    while (k > 0) {
      if ((k & 1) != 0) r *= base;
      base *= base;
      k >>= 1;
    }
    return r;
  }
  if (x < 0.0LF) {
    if (!integer) return 0.0LF / 0.0LF;
    double r = rm_exp_f64(y * rm_log_f64(-x));
    return mod(y, 2.0LF) == 1.0LF ? -r : r;
  }
  if (x == 0.0LF) return y > 0.0LF ? 0.0LF : 1.0LF / 0.0LF;
  return rm_exp_f64(y * rm_log_f64(x));
}

// atan by halving the angle (atan t = 2 atan(t / (1 + sqrt(1 + t^2))))
// until |t| < 0.05, then its odd series; a few ulps.
double rm_atan_f64(double x) {
  if (isnan(x)) return x;
  double a = abs(x);
  bool big = a > 1.0LF;
  double t = big ? 1.0LF / a : a;
  for (int k = 0; k < 4; ++k) t = t / (1.0LF + sqrt(1.0LF + t * t));
  double z = t * t;
  double s = 1.0LF / 15.0LF;
  s = 1.0LF / 13.0LF - z * s;
  s = 1.0LF / 11.0LF - z * s;
  s = 1.0LF / 9.0LF - z * s;
  s = 1.0LF / 7.0LF - z * s;
  s = 1.0LF / 5.0LF - z * s;
  s = 1.0LF / 3.0LF - z * s;
  double r = 16.0LF * (t - t * z * s);
  if (big) r = 1.57079632679489661923LF - r;
  return x < 0.0LF ? -r : r;
}
