/* runmat_abi.h - the binary interface between code runmatc generates and the
 * runtime shim. Not for hosts: they use runmat.h. Part of the contract
 * component (contract/), which the compiler and the shim both build on.
 *
 * An artifact is a shared object exporting `runmat_artifact` (a
 * runmat_artifact_desc). Its host code calls the runmat_rt1_* functions the
 * shim exports; its CPU kernels are called by the shim with runmat_kernel_args.
 * runmatc emits calls that match these declarations; a change here changes
 * RUNMAT_ABI_VERSION.
 *
 * Version 2: GPU kernels. Each kernel may carry a SPIR-V compute module (the
 * manifest's `gpu` entry of the kernel names it by index into `spirv`).
 * A GPU kernel takes one push constant, the 64-bit device address of an
 * argument block of 32-bit words laid out as the runmat_gpu_word_* functions
 * below say; tensor t (inputs, then outputs) is element
 * addr[t] + sum_p index[p] * strides[t * rank + p] (offsets folded into addr).
 */
#ifndef RUNMAT_RUNMAT_ABI_H
#define RUNMAT_RUNMAT_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is exported from the shim library. */
#pragma GCC visibility push(default)

#define RUNMAT_ARTIFACT_MAGIC 0x54414d52u /* "RMAT" little-endian */
#define RUNMAT_ABI_VERSION 4
#define RUNMAT_MAX_RANK 8

typedef struct runmat_exec runmat_exec; /* the state of one run */

/* Element types, as alloc, constant and from_scalar take them and the
 * manifest names them (double, single, logical); equal to runmat.h's rm_dtype. */
enum { RUNMAT_DTYPE_DOUBLE = 0, RUNMAT_DTYPE_SINGLE = 1, RUNMAT_DTYPE_LOGICAL = 2 };

/* Arguments of a kernel launch. Tensor t (inputs, then outputs) is read or
 * written at element data[t][offsets[t] + sum_p index[p] * strides[t * rank + p]]
 * for iteration indices index[0..rank). */
typedef struct runmat_kernel_args {
  void *const *data;
  const int64_t *offsets;
  const int64_t *strides;
  const int64_t *space;     /* iteration extents */
  const uint64_t *scalars;  /* host scalar operands as bit patterns (f64, f32 in the low half, i1, i64) */
} runmat_kernel_args;

/* Runs a kernel over the box lo <= index < hi of its iteration space.
 * Reduction kernels accumulate into acc[n_acc * out_index + k], out_index the
 * column-major index over the non-reduced dimensions; map kernels get acc = 0. */
typedef void (*runmat_box_fn)(const runmat_kernel_args *args, const int64_t *lo, const int64_t *hi, double *acc);
/* Reduction kernels: writes outputs out_begin <= out_index < out_end from acc. */
typedef void (*runmat_finish_fn)(const runmat_kernel_args *args, int64_t out_begin, int64_t out_end,
                                 const double *acc);
/* An entry: params in manifest order; inputs/outputs are tensor handles. */
typedef void (*runmat_entry_fn)(runmat_exec *exec, const double *params, void *const *inputs, void **outputs);
/* Version 4: an entry's buffer sizes, compiled from its manifest `buffers`
 * expressions: writes bytes[i] for each of them from params (manifest order). */
typedef void (*runmat_sizes_fn)(const double *params, double *bytes);

/* ---- GPU kernel arguments (32-bit words) -------------------------------- */
/* Reduction kernels split the iteration space into O outputs and P reduced
 * points; a workgroup of OB x L threads computes OB outputs with L lanes each
 * over the G-th slice of the reduced points (OG groups of outputs in all).
 * LF = 1 numbers threads lanes first (thread = ob * L + lane: the reduced
 * points are adjacent in memory), LF = 0 outputs first (thread = lane * OB +
 * ob: adjacent outputs are adjacent in memory).
 * With G > 1 the partial results go to the partial buffer, element
 * (r * O + o) * G + g of result r in 8-byte slots (doubles) or 4-byte slots
 * at twice that index (floats); the counter buffer (OG zeroed words) tells
 * the last workgroup of each group of outputs to combine them.
 * Version 3: the flat form of a reduction (the manifest's `flat` entry: a
 * second module). It walks the O * P points as one column-major run, 4 per
 * 16-byte load, over G workgroups; Q (a divisor of 4 * workgroup size) is
 * the number of points of the leading dimensions that hold every kept
 * dimension and every dimension a non-streamed input varies along. Partial
 * results go to element (r * Q + q) * G + g of the partial buffer (same slot
 * sizes), residue q of workgroup g; the counter buffer is one zeroed word.
 * OB, L, OG and LF are unused by it. */
enum { RUNMAT_GPU_RED_O, RUNMAT_GPU_RED_P, RUNMAT_GPU_RED_OB, RUNMAT_GPU_RED_L, RUNMAT_GPU_RED_G,
       RUNMAT_GPU_RED_OG, RUNMAT_GPU_RED_LF, RUNMAT_GPU_RED_Q, RUNMAT_GPU_RED_WORDS };
static inline int runmat_gpu_word_addr(int t) { return 2 * t; }
static inline int runmat_gpu_word_partial(int nt) { return 2 * nt; }
static inline int runmat_gpu_word_counter(int nt) { return 2 * nt + 2; }
static inline int runmat_gpu_word_scalar(int nt, int s) { return 2 * nt + 4 + 2 * s; }
static inline int runmat_gpu_word_space(int nt, int ns) { return 2 * nt + 4 + 2 * ns; }
static inline int runmat_gpu_word_stride(int nt, int ns, int rank, int t, int p) {
  return runmat_gpu_word_space(nt, ns) + rank + t * rank + p;
}
static inline int runmat_gpu_word_reduce(int nt, int ns, int rank) {
  return runmat_gpu_word_space(nt, ns) + rank + nt * rank;
}
static inline int runmat_gpu_words(int nt, int ns, int rank) {
  return runmat_gpu_word_reduce(nt, ns, rank) + RUNMAT_GPU_RED_WORDS;
}

typedef struct runmat_artifact_desc {
  uint32_t magic;
  uint32_t abi_version;
  const char *manifest; /* YAML, NUL-terminated */
  uint32_t num_entries;
  const runmat_entry_fn *entries;
  uint32_t num_kernels;
  const runmat_box_fn *kernel_box;       /* per kernel */
  const runmat_finish_fn *kernel_finish; /* per kernel; null for map kernels */
  uint32_t num_strings;
  const char *const *strings; /* formats, messages, names */
  uint32_t num_spirv;
  const uint32_t *const *spirv;     /* SPIR-V modules (the manifest maps kernels to them) */
  const uint64_t *spirv_word_count;
  const runmat_sizes_fn *entry_buffers; /* per entry (version 4) */
} runmat_artifact_desc;

/* ---- functions the generated host code calls -------------------------- */
/* Variable-length arguments go through a per-run argument stack: push them,
 * then call the function that consumes them (it takes everything pushed since
 * the last consumer). Functions with several results leave them to be read
 * with runmat_rt1_result. */
void runmat_rt1_push_tensor(runmat_exec *x, void *t);
void runmat_rt1_push_i64(runmat_exec *x, int64_t v);
void runmat_rt1_push_f64(runmat_exec *x, double v);
void *runmat_rt1_result(runmat_exec *x, int32_t i);

/* Tensors: alloc pops the extents; views share storage. */
void *runmat_rt1_alloc(runmat_exec *x, int32_t dtype);
void runmat_rt1_retain(runmat_exec *x, void *t);
void runmat_rt1_release(runmat_exec *x, void *t);
int64_t runmat_rt1_dim(runmat_exec *x, void *t, int32_t k);
void *runmat_rt1_reshape(runmat_exec *x, void *t); /* pops the new extents */
void *runmat_rt1_transpose(runmat_exec *x, void *t);
/* Growth by assignment: pops the new extents (t's rank, none smaller);
 * zeros with t's elements in the top-left corner. Takes over the caller's
 * reference to t and returns the result (t itself, grown in place, when
 * nothing else refers to its storage and it has room). */
void *runmat_rt1_resize(runmat_exec *x, void *t);
/* pops offsets, sizes and steps (rank each, 0-based, steps may be negative) */
void *runmat_rt1_slice(runmat_exec *x, void *t, int32_t result_rank);
/* Indexed assignment t(section) = value: pops offsets, sizes and steps as
 * slice does; takes over the caller's reference to t and returns the result
 * (t itself, written in place, when nothing else refers to its storage).
 * value has one element (repeated) or as many as the section. */
void *runmat_rt1_update(runmat_exec *x, void *t, void *value);
void *runmat_rt1_update_scalar(runmat_exec *x, void *t, double value);
/* The 1-based column-major positions of t's nonzeros as a double column;
 * count is their number, computed before (checked). */
void *runmat_rt1_find(runmat_exec *x, void *t, int64_t count);
/* Gather: element e is t(idx(e)) (1-based linear, checked); idx's shape. */
void *runmat_rt1_take(runmat_exec *x, void *t, void *idx);
/* Scatter t(idx) = value, taking over the reference to t as update does;
 * value has one element (repeated) or as many as idx. */
void *runmat_rt1_put(runmat_exec *x, void *t, void *idx, void *value);
void *runmat_rt1_put_scalar(runmat_exec *x, void *t, void *idx, double value);
void *runmat_rt1_concat(runmat_exec *x, int32_t dim); /* pops the parts */
void *runmat_rt1_from_scalar(runmat_exec *x, int32_t dtype, double value);
/* A tensor copied from constant column-major data in the artifact; pops the extents. */
void *runmat_rt1_constant(runmat_exec *x, int32_t dtype, const void *data);
double runmat_rt1_read(runmat_exec *x, void *t);
void runmat_rt1_residency(runmat_exec *x, void *t, int32_t device); /* 1: gpuArray, 0: gather */

/* Kernels: pops the input tensors, the scalars (i64 bit patterns) and the
 * iteration extents; allocates the outputs (results 0..). */
void runmat_rt1_launch(runmat_exec *x, int32_t kernel);
/* flags: 1 a transposed, 2 b transposed */
void *runmat_rt1_matmul(runmat_exec *x, void *a, void *b, int32_t flags);
/* (a - mu).' * (a - mu) / divisor for an m x n matrix a and a 1 x n row mu. */
void *runmat_rt1_gram(runmat_exec *x, void *a, void *mu, double divisor);
void runmat_rt1_qr(runmat_exec *x, void *a); /* results: Q, R */
/* A library function (runmat/contract/LibraryFunctions.h) named by a string:
 * pops its integer options, then its tensors; leaves its results. */
void runmat_rt1_library(runmat_exec *x, int32_t name);

/* Effects. print pops its arguments (tensors and f64 scalars, in order). */
void runmat_rt1_print(runmat_exec *x, int32_t format);
void runmat_rt1_display(runmat_exec *x, int32_t name, void *tensor); /* name -1: disp */
/* display of an integer-class value (int8 .. uint64, held as doubles): integers in columns;
 * lowest: the class's intmin */
void runmat_rt1_display_integer(runmat_exec *x, int32_t name, void *tensor, double lowest);
void runmat_rt1_fail(runmat_exec *x, int32_t message);
void runmat_rt1_fail_format(runmat_exec *x, int32_t format); /* stops with the text print would show */
void runmat_rt1_warn_format(runmat_exec *x, int32_t format); /* "warning: <text>" on standard error */
void runmat_rt1_check(runmat_exec *x, int32_t condition, int32_t message); /* fails unless condition != 0 */
/* A MATLAB size or subscript as an index: stops unless an integer (non-negative unless allowed). */
int64_t runmat_rt1_to_index(runmat_exec *x, double value, int32_t what, int32_t allow_negative);
/* MATLAB's colon count of start:step:stop (runmat.range_count). */
int64_t runmat_rt1_range_count(double start, double step, double stop);
/* The source location (a string) of the runtime calls that follow, for messages. */
void runmat_rt1_at(runmat_exec *x, int32_t location);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* RUNMAT_RUNMAT_ABI_H */
