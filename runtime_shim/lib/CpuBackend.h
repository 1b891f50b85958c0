// The CPU as a backend: generated kernels run as the artifact's native box
// functions on the thread pool (CpuLaunch.cpp), library operations through
// BLAS and LAPACK (CpuLibrary.cpp), tensors in host memory. It refuses
// nothing: what it cannot do stops the run.
#pragma once

#include "Backend.h"
#include "CpuSplit.h"

namespace runmat::rt {

class CpuBackend final : public Backend {
public:
  DeviceKind kind() const override { return DeviceKind::Cpu; }
  bool launchKernel(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars, const int64_t *space,
                    std::string &refusal) override;
  Tensor *matmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb, std::string &refusal) override;
  Tensor *gram(runmat_exec *x, Tensor *a, Tensor *mu, double divisor, std::string &refusal) override;
  bool qr(runmat_exec *x, Tensor *a, Tensor *&q, Tensor *&r, std::string &refusal) override;
  bool copy(runmat_exec *x, const Tensor *src, Tensor *dst, std::string &refusal) override;
  bool makeReadable(runmat_exec *x, const Tensor *t, std::string &refusal) override;
  bool prepareWrite(runmat_exec *x, Tensor *t, std::string &refusal) override;
};

// The implementations (their operands' host copies are made valid first).
void launchCpu(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars, const int64_t *space);
Tensor *cpuMatmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb);
Tensor *cpuGram(runmat_exec *x, Tensor *a, Tensor *mu, double divisor);
void cpuQr(runmat_exec *x, Tensor *a, Tensor *&Q, Tensor *&R);
void cpuCopy(runmat_exec *x, const Tensor *src, Tensor *dst);

} // namespace runmat::rt
