#version 460
// Economy QR of a tall m x n matrix (m >= n, n <= 64) in one workgroup:
// Householder reflections with LAPACK's conventions (sgeqr2: beta =
// -sign(alpha) * norm, tau = (beta - alpha) / beta; sorg2r to form Q), so
// Q and R match what LAPACK gives on the CPU. Q (m x n, leading dimension
// m) holds the reflectors while R (n x n) is taken from its upper triangle.
// A step's sums (a column's norm and its dot products with every column
// right of it) are summed together (one round of subgroup sums and two
// barriers), not one workgroup reduction per column: the rounds, not the
// arithmetic, set the time of a small QR.
// Arguments: 0 A (address of element 0), 2 Q, 4 R; 6 m, 7 n, 8 A's row
// stride, 9 A's column stride.
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(constant_id = 1) const int WG = 256; // invocations (the runtime's choice)
layout(local_size_x_id = 1) in;
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) readonly buffer InT { T v[]; };
layout(buffer_reference, std430, buffer_reference_align = T_ALIGN) coherent buffer WorkT { T v[]; };

// The number of columns, a specialization constant: the per-column sums
// then unroll into registers (an array indexed at run time would live in
// memory).
layout(constant_id = 0) const int NC = 64;
const int kMaxCols = 64, kPartials = 2048;
shared T partial[kPartials]; // [value][subgroup]
shared T sums[kMaxCols];
shared T tau[kMaxCols];
// The matrix being factored lives in shared memory when it fits (a power
// step's 1024 x 8), else in Q's memory.
#ifdef RM_F64
const int kShared = 2048;
#else
const int kShared = 8192;
#endif
shared T Qs[kShared];
bool inShared;
WorkT Q;
T qget(int e) { return inShared ? Qs[e] : Q.v[e]; }
void qset(int e, T v) {
  if (inShared) Qs[e] = v;
  else Q.v[e] = v;
}
// Every invocation's writes visible to all: barrier() alone orders shared
// memory; a buffer needs the (costly) buffer fence as well.
void sync() {
  if (!inShared) memoryBarrierBuffer();
  barrier();
}

// sums[v] = the workgroup's sum of part[v] for v < count (then a barrier:
// every thread may read them). `count` is the same in every thread.
T part[NC];
void workgroupSums(int count) {
  const int t = int(gl_LocalInvocationID.x), groups = int(gl_NumSubgroups);
  const int chunk = kPartials / groups;
  for (int v0 = 0; v0 < count; v0 += chunk) {
    const int n = min(chunk, count - v0);
    [[unroll]] for (int v = 0; v < NC; ++v) {
      if (v >= v0 && v < v0 + n) {
        T s = subgroupAdd(part[v]);
        if (subgroupElect()) partial[(v - v0) * groups + int(gl_SubgroupID)] = s;
      }
    }
    sync(); // also publishes the matrix updates made before the call
    if (t < n) {
      T s = T(0);
      for (int g = 0; g < groups; ++g) s += partial[t * groups + g];
      sums[v0 + t] = s;
    }
    barrier();
  }
}

void main() {
  RmArgs a = rm_push.args;
  InT A = InT(rm_addr(a, 0));
  WorkT R = WorkT(rm_addr(a, 4));
  Q = WorkT(rm_addr(a, 2));
  const int m = rm_int(a, 6), n = rm_int(a, 7), sa0 = rm_int(a, 8), sa1 = rm_int(a, 9);
  const int t = int(gl_LocalInvocationID.x);
  inShared = m * n <= kShared;
  for (int c = 0; c < n; ++c)
    for (int i = t; i < m; i += WG) qset(i + c * m, A.v[i * sa0 + c * sa1]);
  sync();

  // Every row belongs to one invocation throughout (i = t, t + WG, ...), so
  // an invocation reads back only what it wrote itself, and a step needs no
  // barrier besides the two of its one round of sums.
  //
  // Factor: column j's reflector zeroes Q(j+1:m, j). One round sums
  // |x|^2 and x . Q(:, c) for the column right of j (x = Q(j+1:m, j)); the
  // reflector v = [1; scale * x] then has dots Q(j, c) + scale * (x . Q(:, c)).
  // Row j is R's: written to R, and never again to Q, so all may read it.
  for (int j = 0; j < n; ++j) {
    const int right = n - j - 1;
    [[unroll]] for (int c = 0; c < NC; ++c) part[c] = T(0);
    for (int i = t; i < m; i += WG) {
      if (i <= j) continue;
      T x = qget(i + j * m);
      part[0] += x * x;
      [[unroll]] for (int c = 1; c < NC; ++c)
        if (c <= right) part[c] += x * qget(i + (j + c) * m);
    }
    workgroupSums(1 + right);
    T xnorm2 = sums[0];
    T alpha = qget(j + j * m);
    T tj = T(0), scale = T(1), beta = alpha;
    if (xnorm2 > T(0)) {
      T h = sqrt(alpha * alpha + xnorm2);
      beta = alpha >= T(0) ? -h : h;
      tj = (beta - alpha) / beta;
      scale = T(1) / (alpha - beta);
    }
    if (t == 0) tau[j] = tj, R.v[j + j * n] = beta;
    // H_j = I - tau v v' on the columns right of j: Q(i, c) -= w_c v_i with
    // w_c = tau (v . Q(:, c)).
    if (t < right) {
      const int c = j + 1 + t;
      R.v[j + c * n] = qget(j + c * m) - tj * (qget(j + c * m) + scale * sums[1 + t]);
    }
    for (int i = t; i < m; i += WG) {
      if (i <= j) continue;
      T vi = qget(i + j * m) * scale;
      qset(i + j * m, vi);
      for (int c = 0; c < right; ++c)
        qset(i + (j + 1 + c) * m, qget(i + (j + 1 + c) * m) - tj * (qget(j + (j + 1 + c) * m) + scale * sums[1 + c]) * vi);
    }
  }
  // R's lower triangle.
  for (int e = t; e < n * n; e += WG)
    if (e % n > e / n) R.v[e] = T(0);
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of I (sorg2r).
  // Column j's rows above j are 0 and row j is 1 - tau once H_j is applied;
  // the dots take row j's term (v_j = 1) from the invocation that owns it.
  for (int j = n - 1; j >= 0; --j) {
    const T tj = tau[j];
    const int right = n - j - 1;
    [[unroll]] for (int c = 0; c < NC; ++c) part[c] = T(0);
    for (int i = t; i < m; i += WG) {
      if (i < j) continue;
      T vi = i == j ? T(1) : qget(i + j * m);
      [[unroll]] for (int c = 0; c < NC; ++c)
        if (c < right) part[c] += vi * qget(i + (j + 1 + c) * m);
    }
    workgroupSums(right);
    for (int i = t; i < m; i += WG) {
      if (i < j) {
        qset(i + j * m, T(0));
        continue;
      }
      T vi = i == j ? T(1) : qget(i + j * m);
      for (int c = 0; c < right; ++c) qset(i + (j + 1 + c) * m, qget(i + (j + 1 + c) * m) - tj * sums[c] * vi);
      qset(i + j * m, i == j ? T(1) - tj : -tj * vi);
    }
  }
  sync();
  if (inShared)
    for (int e = t; e < m * n; e += WG) Q.v[e] = Qs[e];
}
