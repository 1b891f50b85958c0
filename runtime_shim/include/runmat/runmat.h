/* runmat.h - the C API of the runmat runtime shim.
 *
 * A host (the RunMat VM, runmat-run, a test) loads an artifact compiled by
 * runmatc, creates a session for one of its entries, binds parameters and
 * input tensors, runs it, and reads outputs and printed text. The shim picks
 * the device for each kernel and keeps track of where tensors live.
 *
 * Conventions: every function returns an rm_status (RM_OK on success); on
 * failure rm_last_error() describes it (per thread). Objects are opaque
 * handles freed by their *_free function. No C++ exception crosses this API.
 * Tensors are column-major, as in MATLAB.
 */
#ifndef RUNMAT_RUNMAT_H
#define RUNMAT_RUNMAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is exported from the shim library. */
#pragma GCC visibility push(default)

#define RM_API_VERSION 2

typedef enum rm_status {
  RM_OK = 0,
  RM_ERR_ARGUMENT = 1,   /* a bad argument: unknown name, wrong size, bad value */
  RM_ERR_IO = 2,         /* a file could not be read */
  RM_ERR_FORMAT = 3,     /* not an artifact, corrupt, or a version this shim cannot load */
  RM_ERR_RUNTIME = 4,    /* the program stopped: a failed check, an index out of range, ... */
  RM_ERR_MEMORY = 5,     /* out of host or device memory */
  RM_ERR_UNSUPPORTED = 6,/* a feature this build or machine lacks (e.g. no BLAS, no GPU) */
  RM_ERR_INTERNAL = 7
} rm_status;

typedef enum rm_dtype { RM_DOUBLE = 0, RM_SINGLE = 1, RM_LOGICAL = 2 } rm_dtype;

typedef struct rm_artifact rm_artifact;
typedef struct rm_session rm_session;

/* The message of the last failed call on this thread ("" if none). */
const char *rm_last_error(void);
const char *rm_status_name(rm_status status);

/* ---- artifacts ---------------------------------------------------------- */
rm_status rm_artifact_load(const char *path, rm_artifact **out);
void rm_artifact_free(rm_artifact *artifact);
/* The manifest (YAML) the compiler embedded: entries, parameters, kernels. */
const char *rm_artifact_manifest(const rm_artifact *artifact);
size_t rm_artifact_entry_count(const rm_artifact *artifact);
/* The SPIR-V modules the artifact carries (GPU kernels), for inspection. */
size_t rm_artifact_spirv_count(const rm_artifact *artifact);
rm_status rm_artifact_spirv(const rm_artifact *artifact, size_t index, const uint32_t **words, size_t *count);
const char *rm_artifact_entry_name(const rm_artifact *artifact, size_t index);

/* Parameters and inputs/outputs of an entry. */
rm_status rm_entry_param_count(const rm_artifact *artifact, const char *entry, size_t *count);
rm_status rm_entry_param(const rm_artifact *artifact, const char *entry, size_t index, const char **name,
                         double *default_value);
rm_status rm_entry_input_count(const rm_artifact *artifact, const char *entry, size_t *count);
rm_status rm_entry_input(const rm_artifact *artifact, const char *entry, size_t index, const char **name,
                         rm_dtype *dtype, int *rank);
rm_status rm_entry_output_count(const rm_artifact *artifact, const char *entry, size_t *count);
rm_status rm_entry_output(const rm_artifact *artifact, const char *entry, size_t index, const char **name);

/* ---- sessions ----------------------------------------------------------- */
rm_status rm_session_create(const rm_artifact *artifact, const char *entry, rm_session **out);
void rm_session_free(rm_session *session);

/* Overrides a parameter's default. Checked when the session runs. */
rm_status rm_session_set_param(rm_session *session, const char *name, double value);
/* Binds an input tensor (copied). */
rm_status rm_session_set_input(rm_session *session, const char *name, rm_dtype dtype, int rank,
                               const int64_t *dims, const void *data);
/* Options: "device" = "auto" | "cpu" | "gpu"; "threads" = a count (0: all cores);
 * "verbose" = "0" | "1" (decisions on stderr); "telemetry" = a JSON file path,
 * written after every run; "timing" = "auto" (default: on with telemetry or
 * verbose) | "on" | "off": GPU timestamps around every dispatch, which give
 * the kernel, span and idle times of the figures and cost the GPU about 2 us
 * a dispatch; "schedule.<kernel>" = "wg=256,groups=16,flat=8,form=auto" (any
 * of them; "" clears it): that kernel's GPU schedule in place of the
 * manifest's (runmatc tune; docs/tuning.md). */
rm_status rm_session_set_option(rm_session *session, const char *key, const char *value);
/* Called with each piece of printed text as the program prints it; without
 * one, text is collected and read with rm_session_text. */
typedef void (*rm_print_fn)(const char *text, size_t length, void *user);
rm_status rm_session_set_print(rm_session *session, rm_print_fn fn, void *user);

/* Runs the entry. Parameters are validated (non-negative integer sizes,
 * buffers that fit in memory) before any work is done. */
rm_status rm_session_run(rm_session *session);

/* After a successful run: the outputs (host copies) and the text printed
 * (when no print callback). A view's data stays valid while the next run
 * happens, until that rm_session_run returns, or until the session is freed;
 * so a host may read run k's outputs during run k+1 (from its print callback
 * or another thread). After a failed run there are no outputs. */
typedef struct rm_tensor_view {
  const char *name;
  rm_dtype dtype;
  int rank;
  const int64_t *dims;
  const void *data; /* column-major, 8 (double), 4 (single) or 1 (logical) bytes each */
} rm_tensor_view;
rm_status rm_session_output_count(const rm_session *session, size_t *count);
rm_status rm_session_output(const rm_session *session, size_t index, rm_tensor_view *out);
const char *rm_session_text(const rm_session *session);
/* Number of kernel launches in the last run (GPU dispatches and CPU kernel calls). */
rm_status rm_session_launches(const rm_session *session, uint64_t *launches);

/* What the last run did, for hosts that run an artifact many times. Set
 * `size` to sizeof(rm_run_stats) before the call; fields a shim of another
 * version does not know are left as they are. Times in seconds. */
typedef struct rm_run_stats {
  size_t size;
  uint64_t run;               /* 1 for the session's first run, 2 for the next, ... */
  double wall_seconds;        /* rm_session_run's own time (telemetry file and -v output apart) */
  double gpu_kernel_seconds;  /* the GPU dispatches' own times, summed (0 when timing is off) */
  double gpu_span_seconds;    /* from the first dispatch's start to the last one's end */
  double gpu_idle_seconds;    /* the span less the kernel time: the GPU between dispatches */
  double host_wait_seconds;   /* the host blocked waiting for the GPU */
  double gpu_start_seconds;   /* starting the GPU during this run (0 when it already ran) */
  uint64_t launches, dispatches, submits, waits;
  uint64_t replayed_segments; /* command buffers submitted again as recorded */
  uint64_t recorded_segments; /* command buffers recorded */
  uint64_t upload_bytes, download_bytes;
  uint64_t peak_device_bytes; /* device memory the session held at most during the run */
  uint64_t peak_tensor_bytes; /* device copies of tensors at most at once during the run */
  uint64_t held_device_bytes; /* device memory the session keeps for its next run */
} rm_run_stats;
rm_status rm_session_last_run(const rm_session *session, rm_run_stats *stats);
/* The telemetry of the last run as JSON (docs/runtime.md), with the figures
 * of the session's recent runs; valid until the next call on this session. */
const char *rm_session_telemetry(rm_session *session);

/* ---- accelerators --------------------------------------------------------- */
/* A report of the accelerators this runtime sees: the Vulkan devices, the one
 * it uses (and why), its features and limits, and the cost model's
 * parameters. Text, valid until the next call on this thread. */
const char *rm_accel_info(void);
/* The same as JSON (docs/runtime.md). */
const char *rm_accel_info_json(void);
/* Calibrates the CPU and the GPU for --device auto's cost model: loads each
 * device's kept calibration, or measures it (always, with `force`) and keeps
 * it in the cache folder; progress lines go to `progress` when given. Gives a
 * report (text, valid until the next call on this thread). */
typedef void (*rm_progress_fn)(const char *line, void *user);
const char *rm_calibrate(int force, rm_progress_fn progress, void *user);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* RUNMAT_RUNMAT_H */
