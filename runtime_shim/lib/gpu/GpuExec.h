// GPU operations on the run's tensors: residency on the device, generated
// kernels, and the library operations (matrix product, QR, strided copy).
// Each returns null/false with `refusal` set when the GPU cannot do it (out
// of device memory, a shader the driver refuses) so that the caller can fall
// back to the CPU or fail; a lost device stops the run (deviceLost).
#pragma once

#include "../Exec.h"
#include "GpuBackend.h"

#include <string>

namespace runmat::rt {

// Stops the run after the device was lost.
[[noreturn]] void gpuLost(runmat_exec *x, const std::string &what);

// The device copy of a tensor's storage (uploaded when only the host copy is
// valid); deviceWrite marks a fresh tensor as written on the device. Both
// need the run's GPU (x->gpu).
GpuBuffer *deviceRead(runmat_exec *x, const Tensor *t, std::string &refusal);
GpuBuffer *deviceWrite(runmat_exec *x, Tensor *t, std::string &refusal);
// Device address of a view's element 0 (its storage must have a device copy).
uint64_t deviceAddress(const Tensor *t);

// Kernel `id` on the GPU; tensors are its inputs then (fresh) outputs.
bool launchGpu(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars, const int64_t *space,
               std::string &refusal);
// C = op(a) * op(b) (op: transpose when ta/tb); symmetric when a' * a.
// op(a) * op(b); with `center` (a 1 x n row), a' * a is the centered Gram
// product (a - center)' * (a - center), every element divided by `divisor`.
Tensor *gpuMatmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb, std::string &refusal,
                  Tensor *center = nullptr, double divisor = 1.0);
// Economy QR of a tall matrix: Q and R, or false.
bool gpuQr(runmat_exec *x, Tensor *a, Tensor *&Q, Tensor *&R, std::string &refusal);
// Copies view `src` into view `dst` (same shape) on the device.
bool gpuCopy(runmat_exec *x, const Tensor *src, Tensor *dst, std::string &refusal);

// Why a device named `device` with these features cannot run kernel k at
// all ("" when it can).
std::string gpuKernelRefusal(const std::string &device, const GpuFeatures &f, const KernelInfo &k);

} // namespace runmat::rt
