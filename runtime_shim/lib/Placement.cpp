#include "Placement.h"

#include "CostModel.h"
#include "Devices.h"
#include "FunctionRef.h"
#include "gpu/GpuExec.h"

#include <cstdio>
#include <cstdlib>

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

// Why the GPU cannot run the operation ("" when it can), given its name and features.
using Refusal = FunctionRef<std::string(const std::string &device, const GpuFeatures &features)>;
// What is placed, for messages (made only when one is needed).
using What = FunctionRef<std::string()>;

Placement startFirst() {
  Placement p;
  p.startGpu = true;
  return p;
}

Placement decide(runmat_exec *x, What what, double bytes, double flops, bool blas, Tensor *const *inputs, int count,
                 Refusal refusal) {
  SessionDevices &devices = *x->devices;
  if (x->policy == DevicePolicy::Cpu) return {false, false, "--device cpu"};
  if (x->policy == DevicePolicy::Gpu) {
    if (!x->gpu) {
      if (devices.gpuFailed())
        fail(x, RM_ERR_UNSUPPORTED, "--device gpu, but there is no usable GPU: " + devices.gpuUnavailable());
      return startFirst();
    }
    const GpuDeviceInfo &info = x->gpu->device().info();
    std::string why = refusal(info.name, info.features());
    if (!why.empty()) fail(x, RM_ERR_UNSUPPORTED, "--device gpu, but " + what() + " cannot run on the GPU: " + why);
    return {true, false, "--device gpu"};
  }
  DeviceCost cpu = cpuCost(threads(x));
  Placement p;
  double down = transferBytes(inputs, count, false);
  p.cpuSeconds = estimateSeconds(cpu, bytes, flops, blas) + (down > 0 ? down / 1e10 + 3e-5 : 0);
  std::string name, type;
  GpuFeatures features;
  if (x->gpu) {
    const GpuDeviceInfo &info = x->gpu->device().info();
    name = info.name, type = info.type, features = info.features();
  } else {
    if (devices.gpuFailed()) return {false, false, "no GPU: " + devices.gpuUnavailable(), p.cpuSeconds, 0};
    if (p.cpuSeconds < kGpuStartThresholdSeconds && x->cpuKernelSeconds < 0.1) {
      p.reason = "small (CPU estimate " + ms(p.cpuSeconds) + "): not worth starting the GPU";
      return p;
    }
    // What an earlier run learnt: no usable device, or only a CPU device.
    const ProbedDevice &known = devices.remembered();
    if (!known.known) return startFirst();
    if (known.type == "none") devices.refuseGpu(known.name + " (remembered from an earlier run)");
    else if (costClass(known.type) == "cpu")
      devices.refuseGpu(known.name + " is a CPU device, slower than the native CPU code (remembered from an "
                                     "earlier run)");
    if (devices.gpuFailed()) return {false, false, "no GPU: " + devices.gpuUnavailable(), p.cpuSeconds, 0};
    name = known.name, type = known.type, features = known.features;
  }
  if (costClass(type) == "cpu") {
    p.reason = name + " is a CPU device: the native CPU code is faster";
    return p;
  }
  if (std::string why = refusal(name, features); !why.empty()) {
    p.reason = "the GPU cannot run it: " + why;
    return p;
  }
  DeviceCost gpu = gpuCost(costClass(type));
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
  auto what = [&] { return "kernel " + k.name + (k.covers.empty() ? "" : " (" + k.covers[0] + ")"); };
  return decide(x, what, bytes, points * k.opsAt(scalars), false, tensors, nIn,
                [&](const std::string &device, const GpuFeatures &f) {
                  std::string why = gpuKernelRefusal(device, f, k);
                  if (why.empty() && x->gpu)
                    if (auto it = x->gpu->refused.find(k.id); it != x->gpu->refused.end()) why = it->second;
                  return why;
                });
}

Placement placeLibrary(runmat_exec *x, const char *what, double flops, double bytes, Tensor *const *inputs,
                       int count, const std::string &refusal) {
  return decide(x, [&] { return std::string(what); }, bytes, flops, true, inputs, count,
                [&](const std::string &, const GpuFeatures &) { return refusal; });
}

} // namespace runmat::rt
