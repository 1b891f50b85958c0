// A device the shim runs a program's work on. The CPU and the Vulkan GPU are
// peers behind this interface (IREE's HAL device, at a small scale): each
// launches generated kernels and runs the library operations on tensors, and
// a device with memory of its own also moves tensors between the host and
// itself. An operation a device cannot do returns false or null with
// `refusal` saying why, so that the caller can run it elsewhere (Offload.h);
// what ends the run (a lost device, operands that do not fit) stops it with
// fail().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

struct runmat_exec;

namespace runmat::rt {

struct Storage;
struct Tensor;

enum class DeviceKind { Cpu, Gpu };

class Backend {
public:
  virtual ~Backend() = default;
  virtual DeviceKind kind() const = 0;
  const char *name() const { return kind() == DeviceKind::Cpu ? "cpu" : "gpu"; }

  // Generated kernel `id` over `space`: tensors are its inputs, then its
  // fresh outputs.
  virtual bool launchKernel(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars,
                            const int64_t *space, std::string &refusal) = 0;
  // C = op(a) * op(b) (op transposes when ta / tb).
  virtual Tensor *matmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb, std::string &refusal) = 0;
  // The centered Gram product (a - mu)' (a - mu) / divisor, mu a row.
  virtual Tensor *gram(runmat_exec *x, Tensor *a, Tensor *mu, double divisor, std::string &refusal) = 0;
  // Economy QR of a.
  virtual bool qr(runmat_exec *x, Tensor *a, Tensor *&q, Tensor *&r, std::string &refusal) = 0;
  // Copies view `src` into the fresh view `dst` of the same shape.
  virtual bool copy(runmat_exec *x, const Tensor *src, Tensor *dst, std::string &refusal) = 0;

  // Residency: makes the tensor's data valid in this device's memory for
  // reading (moving it from the other side), or marks a fresh tensor as
  // written here (giving it memory here).
  virtual bool makeReadable(runmat_exec *x, const Tensor *t, std::string &refusal) = 0;
  virtual bool prepareWrite(runmat_exec *x, Tensor *t, std::string &refusal) = 0;

  // A device with memory of its own: reads bytes of the storages' device
  // copies into host memory, all with one wait.
  struct ReadBack {
    Storage *storage;
    size_t offset, bytes;
    void *dst;
  };
  virtual bool readBack(runmat_exec *x, const ReadBack *reads, size_t count, std::string &refusal) {
    (void)x, (void)reads, (void)count;
    refusal = "this device has no memory of its own";
    return false;
  }
  // Frees a storage's device copy (its last reference is gone).
  virtual void releaseCopy(Storage *s) { (void)s; }
};

} // namespace runmat::rt
