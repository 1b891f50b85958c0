#include "Offload.h"

#include "Devices.h"
#include "gpu/GpuBackend.h"

#include <chrono>

namespace runmat::rt {

GpuBackend *startGpu(runmat_exec *x) {
  if (x->gpu) return x->gpu;
  auto started = std::chrono::steady_clock::now();
  GpuBackend *g = x->devices->startGpu();
  x->telemetry.gpuRun.startSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!g) return nullptr;
  x->gpu = g;
  g->beginRun(x->timed);
  return g;
}

namespace {
std::string describe(const OffloadCall &call) { return std::string(call.what) + (call.name ? " " + *call.name : ""); }
} // namespace

Backend &offload(runmat_exec *x, const OffloadCall &call, FunctionRef<Placement()> decide,
                 FunctionRef<bool(Backend &, std::string &)> op) {
  Placement where = decide();
  if (where.startGpu) {
    startGpu(x);
    where = decide(); // now with the device known (or known to be missing)
  }
  const double transfersBefore = x->telemetry.transferBytes;
  auto record = [&](const char *device, double seconds) {
    const double moved = x->telemetry.transferBytes - transfersBefore;
    const Decision d{where.code, &where.reason, where.cpuSeconds, where.gpuSeconds};
    if (call.kernel >= 0) x->telemetry.record(call.kernel, device, d, seconds, call.bytes, moved);
    else x->telemetry.recordLibrary(call.library, device, d, seconds, call.bytes, moved);
  };
  // The results remember the operation while it runs (LaterTransfers).
  struct SiteScope {
    runmat_exec *x;
    SiteScope(runmat_exec *x, int site) : x(x) { x->site = site; }
    ~SiteScope() { x->site = -1; }
  } scope(x, call.site);
  if (where.gpu) {
    if (GpuBackend *g = startGpu(x)) {
      std::string refusal;
      if (op(*g, refusal)) {
        record("gpu", 0);
        if (call.site >= 0) x->devices->later.ran(call.site, true);
        return *g;
      }
      if (x->policy == DevicePolicy::Gpu) fail(x, RM_ERR_RUNTIME, describe(call) + " failed on the GPU: " + refusal);
      where.reason = "the GPU failed (" + refusal + "), so the CPU";
      where.code = "fallback";
    } else {
      where.reason = "no GPU: " + x->devices->gpuUnavailable();
      where.code = "no-gpu";
    }
  }
  auto started = std::chrono::steady_clock::now();
  std::string refusal;
  if (!op(x->devices->cpu(), refusal)) fail(x, RM_ERR_INTERNAL, describe(call) + " failed on the CPU: " + refusal);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (call.kernel >= 0) x->cpuKernelSeconds += seconds;
  if (call.site >= 0) x->devices->cpuSeen.saw(call.site, where.cpuModelSeconds, seconds);
  record("cpu", seconds);
  if (call.site >= 0) x->devices->later.ran(call.site, false);
  return x->devices->cpu();
}

} // namespace runmat::rt
