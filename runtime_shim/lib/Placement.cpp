#include "Placement.h"

#include "Devices.h"
#include "FunctionRef.h"
#include "cost/Calibrations.h"
#include "gpu/GpuExec.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace runmat::rt {

namespace {

std::string ms(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g ms", s * 1e3);
  return b;
}

// The device class the cost model assumes: the device's type, unless
// RUNMAT_COST_DEVICE says otherwise (tests make lavapipe stand in for a
// discrete GPU with it, or with "calibrated" for a GPU of its own rates).
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

double transferSeconds(const DeviceRates &gpu, double bytes, bool up) {
  if (bytes <= 0) return 0;
  const double bandwidth = up ? gpu.uploadBandwidth : gpu.downloadBandwidth;
  return gpu.transferSeconds + (bandwidth > 0 ? bytes / bandwidth : 0);
}

// Why the GPU cannot run the operation ("" when it can), given its name and features.
using Refusal = FunctionRef<std::string(const std::string &device, const GpuFeatures &features)>;
// What is placed, for messages (made only when one is needed).
using What = FunctionRef<std::string()>;
// The time of the operation on a device with these rates (the CPU's when `cpu`).
using Estimate = FunctionRef<double(const DeviceRates &rates, bool cpu)>;

Placement decided(bool gpu, const char *code, std::string reason, double cpu, double gpuSeconds) {
  Placement p;
  p.gpu = gpu;
  p.code = code;
  p.reason = std::move(reason);
  p.cpuSeconds = cpu;
  p.gpuSeconds = gpuSeconds;
  return p;
}

Placement startFirst() {
  Placement p;
  p.startGpu = true;
  return p;
}

Placement decide(runmat_exec *x, int site, What what, Estimate estimate, Tensor *const *inputs, int count, Refusal refusal) {
  SessionDevices &devices = *x->devices;
  if (x->policy == DevicePolicy::Cpu) return decided(false, "forced", "--device cpu", 0, 0);
  if (x->policy == DevicePolicy::Gpu) {
    if (!x->gpu) {
      if (devices.gpuFailed())
        fail(x, RM_ERR_UNSUPPORTED, "--device gpu, but there is no usable GPU: " + devices.gpuUnavailable());
      return startFirst();
    }
    const GpuDeviceInfo &info = x->gpu->device().info();
    std::string why = refusal(info.name, info.features());
    if (!why.empty()) fail(x, RM_ERR_UNSUPPORTED, "--device gpu, but " + what() + " cannot run on the GPU: " + why);
    return decided(true, "forced", "--device gpu", 0, 0);
  }

  // auto. Without a usable GPU there is nothing to compare (and nothing to calibrate).
  const double down = transferBytes(inputs, count, false);
  // (Estimates of decisions that compare nothing read no calibration file.)
  if (!x->gpu && devices.gpuFailed())
    return decided(false, "no-gpu", "no GPU: " + devices.gpuUnavailable(), estimate(cpuRatesIfKnown(threads(x)), true), 0);
  std::string name, type;
  GpuFeatures features;
  const Calibration *gpuCal = nullptr;
  if (x->gpu) {
    const GpuDeviceInfo &info = x->gpu->device().info();
    name = info.name, type = info.type, features = info.features();
  } else {
    // What an earlier process learnt: no usable device, or only a CPU device.
    const ProbedDevice &known = devices.remembered();
    if (!known.known) {
      const double cpu = estimate(cpuRatesIfKnown(threads(x)), true);
      if (cpu < 1e-3)
        return decided(false, "small-work", "small (CPU estimate " + ms(cpu) + "): not worth starting a GPU never seen",
                       cpu, 0);
      return startFirst();
    }
    if (known.type == "none") devices.refuseGpu(known.name + " (remembered from an earlier run)");
    else if (costClass(known.type) == "cpu")
      devices.refuseGpu(known.name + " is a CPU device, slower than the native CPU code (remembered from an "
                                     "earlier run)");
    if (devices.gpuFailed())
      return decided(false, "no-gpu", "no GPU: " + devices.gpuUnavailable(), estimate(cpuRatesIfKnown(threads(x)), true), 0);
    name = known.name, type = known.type, features = known.features;
    gpuCal = &gpuCalibrationOf(known.key, known.name, costClass(known.type));
  }
  if (costClass(type) == "cpu")
    return decided(false, "no-gpu", name + " is a CPU device: the native CPU code is faster",
                   estimate(cpuRatesIfKnown(threads(x)), true), 0);
  if (std::string why = refusal(name, features); !why.empty())
    return decided(false, "cannot-run", "the GPU cannot run it: " + why, estimate(cpuRatesIfKnown(threads(x)), true), 0);
  // Both devices can run it: compare, calibrated. (RUNMAT_COST_DEVICE takes
  // the defaults of the type it names instead of the device's calibration;
  // "calibrated" keeps the device's own, so that tests can take auto's
  // path of a real GPU, measuring it in a run included, on lavapipe.)
  if (const char *as = std::getenv("RUNMAT_COST_DEVICE"); as && *as && std::strcmp(as, "calibrated") != 0)
    gpuCal = &gpuCalibrationOf("as-" + costClass(type), name, costClass(type));
  if (!gpuCal) gpuCal = &gpuCalibration(x->gpu->device(), true);
  const Calibration &cpuCal = cpuCalibration(threads(x), true);
  const DeviceRates &cpuRates = cpuCal.rates, &gpuRates = gpuCal->rates;
  if (x->telemetry.calibration.empty())
    x->telemetry.calibration = "cpu: " + cpuCal.source + (cpuCal.file.empty() ? "" : " " + cpuCal.file) + "; gpu: " +
                               gpuCal->source + (gpuCal->file.empty() ? "" : " " + gpuCal->file);
  const double up = transferBytes(inputs, count, true);
  // What this site's placement caused later in the session's last run that
  // placed it there: its GPU results downloaded, its CPU results uploaded
  // (bandwidth only: such reads are batched with others).
  auto byBandwidth = [](double bytes, double bandwidth) { return bytes > 0 && bandwidth > 0 ? bytes / bandwidth : 0; };
  const double laterDown = byBandwidth(devices.later.downloadsAfterGpu(site), gpuRates.downloadBandwidth);
  const double laterUp = byBandwidth(devices.later.uploadsAfterCpu(site), gpuRates.uploadBandwidth);
  // The CPU's estimate, scaled by what this session saw the site cost there.
  const double cpuModel = estimate(cpuRates, true);
  const double seen = devices.cpuSeen.factor(site);
  if (seen != 1.0) devices.cpuSeen.applied();
  const double cpu = cpuModel * seen + transferSeconds(gpuRates, down, false) + laterUp,
               gpuKernel = estimate(gpuRates, false);
  auto noted = [&](Placement p) {
    if (down == 0) p.cpuModelSeconds = cpuModel;
    return p;
  };
  const double gpu = gpuKernel + transferSeconds(gpuRates, up, true) + laterDown;
  // Too small for a GPU launch: the submit and wait alone outweigh it.
  if (cpu < gpuRates.dispatchSeconds + gpuRates.submitSeconds && down == 0)
    return noted(decided(false, "guard",
                         "small (CPU estimate " + ms(cpu) + " < a GPU launch and its wait, " +
                             ms(gpuRates.dispatchSeconds + gpuRates.submitSeconds) + ")",
                         cpu, gpu));
  if (gpu < cpu) devices.programSavingThisRun += cpu - gpu;
  if (!x->gpu || devices.cpuSeen.undoStart()) {
    // The GPU is not running: worth starting when what it saves pays for
    // the start and the teardown at exit within this run (this kernel, the
    // run so far, or the whole run as an earlier process saw it), or when
    // the session's last run would have saved more than 0.1 ms (a VM runs
    // an artifact again and again: the start is paid once, in the second
    // run).
    const double saving = cpu - gpu, start = processStartSeconds(gpuRates);
    if (saving > 0) devices.gpuSavingThisRun += saving;
    if (saving > 0 && (saving > start || devices.gpuSavingThisRun > start || devices.gpuSavingLastRun > 1e-4 ||
                       devices.rememberedSaving() > start)) {
      if (!x->gpu) return startFirst();
      // (running, as the start rule would have it: compare below)
    } else {
      return noted(decided(false, "small-work",
                         "the GPU would save " + ms(std::max(0.0, saving)) + " (CPU estimate " + ms(cpu) + ", GPU " +
                             ms(gpu) + "), less than starting it (" + ms(start) + " with its teardown at exit)",
                         cpu, gpu));
    }
  }
  const bool onGpu = gpu < cpu;
  // Transfers decided it when the kernels alone would have gone the other way.
  const bool residency = (gpuKernel < cpuModel * seen) != onGpu;
  return noted(decided(onGpu, residency ? "residency" : "estimate",
                       std::string(onGpu ? "GPU " : "CPU ") + "estimate " + ms(onGpu ? gpu : cpu) + " < " +
                           (onGpu ? "CPU " : "GPU ") + ms(onGpu ? cpu : gpu) +
                           (residency ? laterDown + laterUp > 0 ? " (with the transfers its operands need and its "
                                                                  "results caused later)"
                                                                : " (with the transfers its operands need)"
                                      : "") +
                           (seen != 1.0 ? " (the CPU's estimate scaled by what this session saw it take)" : ""),
                       cpu, gpu));
}

} // namespace

Placement placeKernel(runmat_exec *x, const KernelInfo &k, Tensor *const *tensors, const uint64_t *scalars,
                      const int64_t *space) {
  double points = 1;
  for (int p = 0; p < k.rank; ++p) points *= (double)space[p];
  const int nIn = k.numInputs();
  KernelCost cost;
  for (int t = 0; t < nIn; ++t) cost.bytesIn += (double)tensors[t]->numel() * (double)dtypeSize(tensors[t]->dtype);
  for (size_t t = (size_t)nIn; t < k.tensors.size(); ++t)
    cost.bytesOut += (double)tensors[t]->numel() * (double)dtypeSize(k.tensors[t].dtype);
  const KernelWork per = k.workAt(scalars);
  cost.work = {points * per.plain, points * per.transcendental, points * per.draws};
  cost.fastMath = x->artifact->manifest.math == "fast";
  // The part of each device the kernel fills: its CPU tasks of the threads
  // the rates are for, its points of the GPU's lanes.
  auto costOn = [&](const DeviceRates &r, bool cpu) {
    KernelCost c = cost;
    c.share = cpu ? cpuShare(r, k, space, per) : gpuShare(r, points);
    return c;
  };
  auto what = [&] { return "kernel " + k.name + (k.covers.empty() ? "" : " (" + k.covers[0] + ")"); };
  return decide(
      x, kernelSite(k.id), what, [&](const DeviceRates &r, bool cpu) { return kernelSeconds(r, costOn(r, cpu)); }, tensors, nIn,
      [&](const std::string &device, const GpuFeatures &f) {
        std::string why = gpuKernelRefusal(device, f, k);
        if (why.empty() && x->gpu)
          if (auto it = x->gpu->refused.find(k.id); it != x->gpu->refused.end()) why = it->second;
        return why;
      });
}

Placement placeLibrary(runmat_exec *x, int site, const char *what, LibraryKind kind, double flops, double bytes,
                       Tensor *const *inputs, int count, const std::string &refusal) {
  return decide(
      x, site, [&] { return std::string(what); },
      [&](const DeviceRates &r, bool) { return librarySeconds(r, kind, flops, bytes); }, inputs, count,
      [&](const std::string &, const GpuFeatures &) { return refusal; });
}

} // namespace runmat::rt
