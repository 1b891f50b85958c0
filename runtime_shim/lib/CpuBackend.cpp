#include "CpuBackend.h"

#include "Exec.h"

namespace runmat::rt {

bool CpuBackend::launchKernel(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars,
                              const int64_t *space, std::string &) {
  const KernelInfo &k = x->artifact->manifest.kernels.at((size_t)id);
  const int nIn = k.numInputs();
  hostReadAll(x, tensors, (size_t)nIn);
  for (size_t t = (size_t)nIn; t < k.tensors.size(); ++t) hostWrite(x, tensors[t]);
  launchCpu(x, id, tensors, scalars, space);
  return true;
}

Tensor *CpuBackend::matmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb, std::string &) {
  return cpuMatmul(x, a, b, ta, tb);
}

Tensor *CpuBackend::gram(runmat_exec *x, Tensor *a, Tensor *mu, double divisor, std::string &) {
  return cpuGram(x, a, mu, divisor);
}

bool CpuBackend::qr(runmat_exec *x, Tensor *a, Tensor *&q, Tensor *&r, std::string &) {
  cpuQr(x, a, q, r);
  return true;
}

bool CpuBackend::copy(runmat_exec *x, const Tensor *src, Tensor *dst, std::string &) {
  cpuCopy(x, src, dst);
  return true;
}

bool CpuBackend::makeReadable(runmat_exec *x, const Tensor *t, std::string &) {
  hostRead(x, t);
  return true;
}

bool CpuBackend::prepareWrite(runmat_exec *x, Tensor *t, std::string &) {
  hostWrite(x, t);
  return true;
}

} // namespace runmat::rt
