// The devices of one session: the CPU always, and the GPU from the first
// time a run needs it to the end of the session, so that its buffers,
// pipelines and recorded command buffers serve every later run. Starting
// the GPU is an explicit, timed step (Offload.h's startGpu), never a side
// effect of deciding where something runs: a decision that needs to know
// the device asks for it.
#pragma once

#include "CpuObserved.h"
#include "LaterTransfers.h"
#include "CpuBackend.h"
#include "gpu/DeviceProbe.h"

#include <memory>
#include <string>

struct rm_artifact;

namespace runmat::rt {

class GpuBackend;

class SessionDevices {
public:
  explicit SessionDevices(const rm_artifact *artifact);
  ~SessionDevices();

  CpuBackend &cpu() { return cpu_; }
  // The GPU, once started and while usable (null before, and after its device was lost).
  GpuBackend *gpu();
  // Starts it (the process's Vulkan device, then this session's state):
  // null when there is none, with gpuUnavailable() saying why.
  GpuBackend *startGpu();
  bool gpuFailed() const { return failed_; }
  const std::string &gpuUnavailable() const { return unavailable_; }
  // Marks the GPU unusable for the rest of the session (auto's verdict on
  // a device it should not use).
  void refuseGpu(const std::string &why);
  // What an earlier process learnt of this machine's GPU (read once).
  const ProbedDevice &remembered();

  // The GPU start policy's memory (Placement.cpp): what the GPU would have
  // saved in this run, and in the last, had it been running; what it saves
  // in this run's kernels in all (started or not); and what an earlier
  // process's run of this program with these parameters saved
  // (ProgramMemory.h; negative when unknown).
  double gpuSavingThisRun = 0, gpuSavingLastRun = 0, programSavingThisRun = 0;
  std::string programKey;               // this run's program and parameters (set by the first run under auto)
  double rememberedSaving();            // read once, when first asked
  double programSavingKept = -1;
  bool programSavingRead = false;
  LaterTransfers later; // the transfers each operation's placement caused later
  CpuObserved cpuSeen;  // what each operation cost on the CPU against its estimate
  void endRun() {
    later.endRun();
    gpuSavingLastRun = gpuSavingThisRun;
    gpuSavingThisRun = 0;
    programSavingThisRun = 0;
  }

private:
  const rm_artifact *artifact_;
  CpuBackend cpu_;
  std::unique_ptr<GpuBackend> gpu_;
  bool failed_ = false, probeRead_ = false;
  std::string unavailable_;
  ProbedDevice remembered_;
};

} // namespace runmat::rt
