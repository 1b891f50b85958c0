// The state of one run of an entry, shared by the ABI functions that
// generated code calls. A failure (a check, an index out of range, out of
// memory) longjmps back to the session, which frees what the run held.
#pragma once

#include "Artifact.h"
#include "Telemetry.h"
#include "Tensor.h"
#include "ThreadPool.h"
#include "runmat/contract/Manifest.h"

#include <csetjmp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace runmat::rt {
enum class DevicePolicy { Auto, Cpu, Gpu };
class GpuBackend;
class SessionDevices;
} // namespace runmat::rt

struct runmat_exec {
  const rm_artifact *artifact = nullptr;
  runmat::rt::ThreadPool *pool = nullptr;
  runmat::rt::BufferCache *cache = nullptr;
  unsigned maxThreads = 0;
  std::jmp_buf *failJump = nullptr;
  std::string failMessage;
  rm_status failStatus = RM_OK;
  std::unordered_set<runmat::rt::Tensor *> live;
  uint64_t launches = 0;
  std::function<void(const std::string &)> print;
  int32_t where = -1; // source location of the current runtime call (a string index)
  runmat::rt::Telemetry telemetry;
  std::string cpuReason = "the CPU is the only device"; // why kernels run on the CPU
  runmat::rt::DevicePolicy policy = runmat::rt::DevicePolicy::Auto;
  runmat::rt::SessionDevices *devices = nullptr; // the session's CPU and GPU
  runmat::rt::GpuBackend *gpu = nullptr;         // the session's GPU, once this run uses it
  int site = -1; // the operation offload() is running (its results remember it: LaterTransfers.h)
  bool timed = false;                // timestamps around GPU dispatches
  bool deviceLost = false;           // the run stopped because the device was lost
  bool verbose = false;
  double cpuKernelSeconds = 0;       // CPU kernel time so far (the cost model's warm-up)
  double ticSeconds = -1;            // the stopwatch of tic and toc (-1: not started)
  const std::map<int, runmat::KernelSchedule> *schedules = nullptr; // the session's own, by kernel

  // The argument stack (runmat_abi.h) and the results of the last call.
  struct Item {
    enum Kind { Tensor, I64, F64 } kind;
    void *tensor;
    int64_t i;
    double f;
  };
  std::vector<Item> stack;
  std::vector<runmat::rt::Tensor *> results;
};

namespace runmat::rt {

// Stops the run: records the message and jumps back to the session.
[[noreturn]] void fail(runmat_exec *x, rm_status status, const std::string &message);

Tensor *newTensor(runmat_exec *x, int dtype, int rank, const int64_t *dims);
Tensor *newView(runmat_exec *x, const Tensor *of); // shares storage; caller sets shape
void releaseTensor(runmat_exec *x, Tensor *t);
// Copies any view into a fresh contiguous tensor.
Tensor *contiguousCopy(runmat_exec *x, const Tensor *t);
const char *artifactString(runmat_exec *x, int32_t index);

// Residency. hostRead downloads when only the device copy is valid;
// hostWrite marks a fresh tensor as written on the host (allocating host
// memory). Both return the view's element 0 on the host. hostReadAll
// downloads what several tensors need with one wait.
const char *hostRead(runmat_exec *x, const Tensor *t);
void hostReadAll(runmat_exec *x, const Tensor *const *tensors, size_t count);
char *hostWrite(runmat_exec *x, Tensor *t);
// The elements of each tensor as doubles (column-major), for the host to
// print or branch on: a view of a tensor only the device holds brings back
// the bytes the view spans, not its whole storage, and all with one wait.
std::vector<std::vector<double>> hostValues(runmat_exec *x, const Tensor *const *tensors, size_t count);

// How a kernel's tensors are read: offsets (elements) and strides per
// iteration dimension, inputs expanded along extents of 1. Checks shapes.
struct KernelBinding {
  std::vector<int64_t> offsets, strides; // strides[t * rank + p]
};
KernelBinding bindKernel(runmat_exec *x, const KernelInfo &k, Tensor *const *tensors, const int64_t *space);

} // namespace runmat::rt
