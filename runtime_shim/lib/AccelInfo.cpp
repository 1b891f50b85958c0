// rm_accel_info: what `runmat-run accel-info` prints.
#include "CostModel.h"
#include "gpu/GpuDevice.h"
#include "runmat/runmat.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

using namespace runmat::rt;

namespace {

std::string yesNo(bool b) { return b ? "yes" : "no"; }

std::string costLine(const char *name, const DeviceCost &c) {
  char b[320];
  std::snprintf(b, sizeof b,
                "  %-18s bandwidth %.0f GB/s, %.3g elementwise op/s, %.3g matrix flop/s, launch %.0f us, transfers "
                "%.0f GB/s + %.0f us\n",
                name, c.bandwidth / 1e9, c.flops, c.blasFlops, c.launch * 1e6, c.transferBandwidth / 1e9,
                c.transferLatency * 1e6);
  return b;
}

std::string version(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
         std::to_string(VK_API_VERSION_PATCH(v));
}

} // namespace

extern "C" const char *rm_accel_info(void) {
  thread_local std::string text;
  text = "Vulkan devices:\n";
  std::string error;
  std::vector<GpuDeviceInfo> all = GpuDevice::enumerate(error);
  if (!error.empty()) text += "  none: " + error + "\n";
  for (size_t i = 0; i < all.size(); ++i) {
    const GpuDeviceInfo &d = all[i];
    text += "  " + std::to_string(i) + ": " + d.name + " (" + d.type + ", Vulkan " + version(d.apiVersion) + ")";
    if (!d.usable) {
      text += ": not usable: " + d.unusable + "\n";
      continue;
    }
    text += ": float64 " + yesNo(d.float64) + ", int64 " + yesNo(d.int64) + ", 8-bit storage " + yesNo(d.int8) +
            ", subgroup arithmetic " + yesNo(d.subgroupArithmetic) + "\n";
  }
  GpuDevice *g = GpuDevice::acquire(error);
  if (!g) {
    text += "GPU: none (" + error + "); kernels run on the CPU\n";
  } else {
    const char *pick = std::getenv("RUNMAT_DEVICE");
    text += "GPU: " + g->info().name + " (" + g->info().type + "; chosen " +
            (pick && *pick ? "by RUNMAT_DEVICE=" + std::string(pick) : "as the first of discrete, integrated, "
                                                                       "virtual, cpu") + ")\n";
    char b[400];
    std::snprintf(b, sizeof b,
                  "  workgroup %u, subgroup %u, shared memory %u KiB, device memory %.1f GiB, timestamps %s\n",
                  g->workgroupSize(), g->subgroupSize(), g->limits().maxComputeSharedMemorySize / 1024,
                  (double)g->deviceMemoryBytes() / (1u << 30),
                  g->timestampBits() ? ("yes (" + std::to_string(g->timestampBits()) + " bits)").c_str() : "no");
    text += b;
    const TensorCores &tc = g->tensorCores();
    text += "  tensor cores: " +
            (tc.usable() ? "yes, " + tc.shape() + " half fragments (symmetric single-precision products)"
                         : std::string("no")) +
            "\n";
    text += "  compute units: " + std::to_string(g->computeUnits()) + " (" + g->computeUnitsProbe().source + ")\n";
    text += "  pipeline cache: " + (g->pipelineCachePath().empty() ? "none" : g->pipelineCachePath()) + "\n";
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  text += "Cost model for --device auto (uncalibrated defaults):\n";
  text += costLine(("cpu (" + std::to_string(threads) + " threads)").c_str(), cpuCost(threads));
  for (const char *t : {"discrete", "integrated", "cpu"}) text += costLine(("gpu (" + std::string(t) + ")").c_str(), gpuCost(t));
  char b[200];
  std::snprintf(b, sizeof b,
                "  auto starts the GPU for a kernel whose CPU estimate exceeds %.0f ms (or after 100 ms of CPU "
                "kernels) and never uses a CPU-type Vulkan device\n",
                kGpuStartThresholdSeconds * 1e3);
  text += b;
  return text.c_str();
}
