#version 460
// Economy QR of a tall m x n matrix (m >= n, n <= 64) in one workgroup:
// Householder reflections with LAPACK's conventions (sgeqr2: beta =
// -sign(alpha) * norm, tau = (beta - alpha) / beta; sorg2r to form Q), so
// Q and R match what LAPACK gives on the CPU. Q (m x n, leading dimension
// m) holds the reflectors while R (n x n) is taken from its upper triangle.
// Arguments: 0 A (address of element 0), 2 Q, 4 R; 6 m, 7 n, 8 A's row
// stride, 9 A's column stride.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x = 256) in;
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) readonly buffer InT { T v[]; };
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) coherent buffer WorkT { T v[]; };

shared T partial[256];
shared T tau[64];

// Sum of x over the workgroup (every thread gets it).
T workgroupSum(T x) {
  const int t = int(gl_LocalInvocationID.x);
  partial[t] = x;
  barrier();
  for (int s = 128; s > 0; s >>= 1) {
    if (t < s) partial[t] += partial[t + s];
    barrier();
  }
  T total = partial[0];
  barrier();
  return total;
}

void main() {
  RmArgs a = rm_push.args;
  InT A = InT(rm_addr(a, 0));
  WorkT Q = WorkT(rm_addr(a, 2)), R = WorkT(rm_addr(a, 4));
  const int m = rm_int(a, 6), n = rm_int(a, 7), sa0 = rm_int(a, 8), sa1 = rm_int(a, 9);
  const int t = int(gl_LocalInvocationID.x);
  for (int c = 0; c < n; ++c)
    for (int i = t; i < m; i += 256) Q.v[i + c * m] = A.v[i * sa0 + c * sa1];
  memoryBarrierBuffer();
  barrier();

  // Factor: column j's reflector zeroes Q(j+1:m, j).
  for (int j = 0; j < n; ++j) {
    T s = T(0);
    for (int i = j + 1 + t; i < m; i += 256) s += Q.v[i + j * m] * Q.v[i + j * m];
    T xnorm2 = workgroupSum(s);
    T alpha = Q.v[j + j * m];
    T tj = T(0), scale = T(1), beta = alpha;
    if (xnorm2 > T(0)) {
      T h = sqrt(alpha * alpha + xnorm2);
      beta = alpha >= T(0) ? -h : h;
      tj = (beta - alpha) / beta;
      scale = T(1) / (alpha - beta);
    }
    if (t == 0) tau[j] = tj;
    for (int i = j + 1 + t; i < m; i += 256) Q.v[i + j * m] *= scale;
    memoryBarrierBuffer();
    barrier();
    if (t == 0) Q.v[j + j * m] = beta;
    // Apply H_j = I - tau v v' (v = [1; Q(j+1:m, j)]) to the columns right of j.
    for (int c = j + 1; c < n; ++c) {
      T d = T(0);
      for (int i = j + 1 + t; i < m; i += 256) d += Q.v[i + j * m] * Q.v[i + c * m];
      T qjc = Q.v[j + c * m]; // read before the barriers of the sum, written after
      T dot = workgroupSum(d) + qjc;
      for (int i = j + 1 + t; i < m; i += 256) Q.v[i + c * m] -= tj * dot * Q.v[i + j * m];
      if (t == 0) Q.v[j + c * m] -= tj * dot;
      memoryBarrierBuffer();
      barrier();
    }
  }
  // R: the upper triangle.
  for (int e = t; e < n * n; e += 256) {
    int i = e % n, c = e / n;
    R.v[e] = i <= c ? Q.v[i + c * m] : T(0);
  }
  memoryBarrierBuffer();
  barrier();
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of I (sorg2r).
  for (int j = n - 1; j >= 0; --j) {
    T tj = tau[j];
    for (int c = j + 1; c < n; ++c) {
      T d = T(0);
      for (int i = j + 1 + t; i < m; i += 256) d += Q.v[i + j * m] * Q.v[i + c * m];
      T qjc = Q.v[j + c * m]; // read before the barriers of the sum, written after
      T dot = workgroupSum(d) + qjc;
      for (int i = j + 1 + t; i < m; i += 256) Q.v[i + c * m] -= tj * dot * Q.v[i + j * m];
      if (t == 0) Q.v[j + c * m] -= tj * dot;
      memoryBarrierBuffer();
      barrier();
    }
    for (int i = j + 1 + t; i < m; i += 256) Q.v[i + j * m] *= -tj;
    for (int i = t; i < j; i += 256) Q.v[i + j * m] = T(0);
    if (t == 0) Q.v[j + j * m] = T(1) - tj;
    memoryBarrierBuffer();
    barrier();
  }
}
