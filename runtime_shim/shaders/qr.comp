#version 460
// Economy QR of a tall m x n matrix (m >= n, n <= 64) in one workgroup:
// Householder reflections with LAPACK's conventions (sgeqr2: beta =
// -sign(alpha) * norm, tau = (beta - alpha) / beta; sorg2r to form Q), so
// Q and R match what LAPACK gives on the CPU. Q (m x n, leading dimension
// m) holds the reflectors while R (n x n) is taken from its upper triangle.
// A reflector's dot products with every column right of it are summed
// together (one round of subgroup sums and two barriers), not one
// workgroup reduction per column: the rounds, not the arithmetic, set the
// time of a small QR.
// Arguments: 0 A (address of element 0), 2 Q, 4 R; 6 m, 7 n, 8 A's row
// stride, 9 A's column stride.
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "common.glsl"

layout(local_size_x = 256) in;
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) readonly buffer InT { T v[]; };
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) coherent buffer WorkT { T v[]; };

const int kMaxCols = 64, kMaxSubgroups = 64; // subgroups of 4 lanes or more
shared T partial[kMaxCols * kMaxSubgroups];  // [value][subgroup]
shared T sums[kMaxCols];
shared T tau[kMaxCols];

// sums[v] = the workgroup's sum of part[v] for v < count (then a barrier:
// every thread may read them). `count` is the same in every thread.
T part[kMaxCols];
void workgroupSums(int count) {
  for (int v = 0; v < count; ++v) {
    T s = subgroupAdd(part[v]);
    if (subgroupElect()) partial[v * kMaxSubgroups + int(gl_SubgroupID)] = s;
  }
  barrier();
  const int t = int(gl_LocalInvocationID.x);
  if (t < count) {
    T s = T(0);
    for (int g = 0; g < int(gl_NumSubgroups); ++g) s += partial[t * kMaxSubgroups + g];
    sums[t] = s;
  }
  barrier();
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
    part[0] = s;
    workgroupSums(1);
    T xnorm2 = sums[0];
    T alpha = Q.v[j + j * m];
    T tj = T(0), scale = T(1), beta = alpha;
    if (xnorm2 > T(0)) {
      T h = sqrt(alpha * alpha + xnorm2);
      beta = alpha >= T(0) ? -h : h;
      tj = (beta - alpha) / beta;
      scale = T(1) / (alpha - beta);
    }
    if (t == 0) tau[j] = tj;
    // v = [1; scale * Q(j+1:m, j)]; its dot with each column c > j.
    const int right = n - j - 1;
    for (int c = 0; c < right; ++c) part[c] = T(0);
    for (int i = j + 1 + t; i < m; i += 256) {
      T vi = Q.v[i + j * m] * scale;
      Q.v[i + j * m] = vi;
      for (int c = 0; c < right; ++c) part[c] += vi * Q.v[i + (j + 1 + c) * m];
    }
    workgroupSums(right);
    // Apply H_j = I - tau v v' to the columns right of j (row j included:
    // v_j = 1, its dot term Q(j, c) added here).
    for (int i = j + 1 + t; i < m; i += 256) {
      T vi = Q.v[i + j * m];
      for (int c = 0; c < right; ++c)
        Q.v[i + (j + 1 + c) * m] -= tj * (sums[c] + Q.v[j + (j + 1 + c) * m]) * vi;
    }
    memoryBarrierBuffer();
    barrier();
    if (t < right) Q.v[j + (j + 1 + t) * m] -= tj * (sums[t] + Q.v[j + (j + 1 + t) * m]);
    if (t == 0) Q.v[j + j * m] = beta;
    memoryBarrierBuffer();
    barrier();
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
    const T tj = tau[j];
    const int right = n - j - 1;
    for (int c = 0; c < right; ++c) part[c] = T(0);
    for (int i = j + 1 + t; i < m; i += 256) {
      T vi = Q.v[i + j * m];
      for (int c = 0; c < right; ++c) part[c] += vi * Q.v[i + (j + 1 + c) * m];
    }
    workgroupSums(right);
    for (int i = j + 1 + t; i < m; i += 256) {
      T vi = Q.v[i + j * m];
      for (int c = 0; c < right; ++c)
        Q.v[i + (j + 1 + c) * m] -= tj * (sums[c] + Q.v[j + (j + 1 + c) * m]) * vi;
    }
    memoryBarrierBuffer();
    barrier();
    if (t < right) Q.v[j + (j + 1 + t) * m] -= tj * (sums[t] + Q.v[j + (j + 1 + t) * m]);
    for (int i = j + 1 + t; i < m; i += 256) Q.v[i + j * m] *= -tj;
    for (int i = t; i < j; i += 256) Q.v[i + j * m] = T(0);
    if (t == 0) Q.v[j + j * m] = T(1) - tj;
    memoryBarrierBuffer();
    barrier();
  }
}
