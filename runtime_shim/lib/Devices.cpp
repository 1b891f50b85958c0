#include "Devices.h"

#include "ProgramMemory.h"
#include "cost/Calibrations.h"
#include "gpu/GpuBackend.h"

namespace runmat::rt {

SessionDevices::SessionDevices(const rm_artifact *artifact) : artifact_(artifact) {}

SessionDevices::~SessionDevices() = default;

GpuBackend *SessionDevices::gpu() {
  if (gpu_ && gpu_->device().lost()) {
    gpu_.reset();
    refuseGpu("the GPU device was lost earlier in this process");
  }
  return gpu_.get();
}

void SessionDevices::refuseGpu(const std::string &why) {
  failed_ = true;
  unavailable_ = why;
}

double SessionDevices::rememberedSaving() {
  if (!programSavingRead && !programKey.empty()) programSavingKept = runmat::rt::rememberedSaving(programKey);
  programSavingRead = true;
  return programSavingKept;
}

const ProbedDevice &SessionDevices::remembered() {
  if (!probeRead_) remembered_ = rememberedDevice(), probeRead_ = true;
  return remembered_;
}

GpuBackend *SessionDevices::startGpu() {
  if (GpuBackend *g = gpu()) return g;
  if (failed_) return nullptr;
  std::string error;
  GpuDevice *d = GpuDevice::acquire(error);
  ProbedDevice seen;
  seen.known = true;
  if (!d) {
    seen.type = "none", seen.name = error;
    rememberDevice(seen);
    remembered_ = seen, probeRead_ = true;
    refuseGpu(error);
    return nullptr;
  }
  const GpuDeviceInfo &info = d->info();
  seen.type = info.type, seen.name = info.name;
  seen.features = info.features();
  seen.key = d->identityKey();
  rememberDevice(seen);
  remembered_ = seen, probeRead_ = true;
  if (d->lost()) {
    refuseGpu("the GPU device was lost earlier in this process");
    return nullptr;
  }
  gpu_ = std::make_unique<GpuBackend>(*d, artifact_);
  noteGpuStart(*d);
  return gpu_.get();
}

} // namespace runmat::rt
