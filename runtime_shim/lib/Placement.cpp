#include "Placement.h"

#include "CostModel.h"
#include "gpu/DeviceProbe.h"
#include "gpu/GpuExec.h"

#include <cstdio>
#include <cstdlib>
#include <functional>

namespace runmat::rt {

namespace {

std::string ms(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g ms", s * 1e3);
  return b;
}

// The device class the cost model assumes: the device's type, unless
// RUNMAT_COST_DEVICE says otherwise (tests make lavapipe stand in for a
// discrete GPU with it).
std::string costClass(const std::string &type) {
  const char *forced = std::getenv("RUNMAT_COST_DEVICE");
  return forced && *forced ? forced : type;
}

unsigned threads(runmat_exec *x) {
  unsigned t = x->pool->size();
  return x->maxThreads ? std::min(t, x->maxThreads) : t;
}

// Bytes that must move for the inputs to be valid on the GPU (or the host).
double transferBytes(Tensor *const *inputs, int count, bool toGpu) {
  double b = 0;
  for (int i = 0; i < count; ++i) {
    const Storage *s = inputs[i]->storage;
    if (toGpu ? !s->deviceValid : !s->hostValid) b += (double)s->used;
  }
  return b;
}

Placement decide(runmat_exec *x, const std::string &what, double bytes, double flops, bool blas,
                 Tensor *const *inputs, int count, const std::function<std::string()> &refusal) {
  if (x->policy == DevicePolicy::Cpu) return {false, "--device cpu"};
  if (x->policy == DevicePolicy::Gpu) {
    if (!ensureGpu(x)) fail(x, RM_ERR_UNSUPPORTED, "--device gpu, but there is no usable GPU: " + x->gpuUnavailable);
    std::string why = refusal();
    if (!why.empty()) fail(x, RM_ERR_UNSUPPORTED, "--device gpu, but " + what + " cannot run on the GPU: " + why);
    return {true, "--device gpu"};
  }
  DeviceCost cpu = cpuCost(threads(x));
  Placement p;
  double down = transferBytes(inputs, count, false);
  p.cpuSeconds = estimateSeconds(cpu, bytes, flops, blas) + (down > 0 ? down / 1e10 + 3e-5 : 0);
  if (!x->gpu && !x->gpuTried && p.cpuSeconds < kGpuStartThresholdSeconds && x->cpuKernelSeconds < 0.1) {
    p.reason = "small (CPU estimate " + ms(p.cpuSeconds) + "): not worth starting the GPU";
    return p;
  }
  if (!x->gpu && !x->gpuTried) {
    // What an earlier run learnt: no usable device, or only a CPU device.
    ProbedDevice known = rememberedDevice();
    if (known.known && known.type == "none") {
      x->gpuTried = true;
      x->gpuUnavailable = known.name + " (remembered from an earlier run)";
    } else if (known.known && costClass(known.type) == "cpu") {
      x->gpuTried = true;
      x->gpuUnavailable = known.name + " is a CPU device, slower than the native CPU code (remembered from an "
                                       "earlier run)";
    }
  }
  GpuRun *g = ensureGpu(x);
  if (!g) return {false, "no GPU: " + x->gpuUnavailable, p.cpuSeconds, 0};
  const GpuDeviceInfo &info = g->device().info();
  if (costClass(info.type) == "cpu") {
    p.reason = info.name + " is a CPU device: the native CPU code is faster";
    return p;
  }
  if (std::string why = refusal(); !why.empty()) {
    p.reason = "the GPU cannot run it: " + why;
    return p;
  }
  DeviceCost gpu = gpuCost(costClass(info.type));
  double up = transferBytes(inputs, count, true);
  p.gpuSeconds = estimateSeconds(gpu, bytes, flops, blas) + (up > 0 ? up / gpu.transferBandwidth + gpu.transferLatency : 0);
  p.gpu = p.gpuSeconds < p.cpuSeconds;
  p.reason = std::string(p.gpu ? "GPU " : "CPU ") + "estimate " + ms(p.gpu ? p.gpuSeconds : p.cpuSeconds) + " < " +
             (p.gpu ? "CPU " : "GPU ") + ms(p.gpu ? p.cpuSeconds : p.gpuSeconds);
  return p;
}

} // namespace

Placement placeKernel(runmat_exec *x, const KernelInfo &k, Tensor *const *tensors, const uint64_t *scalars,
                      const int64_t *space) {
  double points = 1, bytes = 0;
  for (int p = 0; p < k.rank; ++p) points *= (double)space[p];
  int nIn = k.numInputs();
  for (int t = 0; t < nIn; ++t) bytes += (double)tensors[t]->numel() * (double)dtypeSize(tensors[t]->dtype);
  for (size_t t = (size_t)nIn; t < k.tensors.size(); ++t)
    if (!k.isReduce()) bytes += points * (double)dtypeSize(k.tensors[t].dtype);
  std::string label = k.name + (k.covers.empty() ? "" : " (" + k.covers[0] + ")");
  return decide(x, "kernel " + label, bytes, points * k.opsAt(scalars), false, tensors, nIn,
                [&] { return gpuKernelRefusal(x, k); });
}

Placement placeLibrary(runmat_exec *x, const std::string &what, double flops, double bytes, Tensor *const *inputs,
                       int count, const std::string &refusal) {
  return decide(x, what, bytes, flops, true, inputs, count, [&] { return refusal; });
}

} // namespace runmat::rt
