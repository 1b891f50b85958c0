// What `auto` remembers between runs of the GPU the machine has: starting
// Vulkan costs 50 ms (lavapipe) to 0.5 s (a discrete GPU), so a machine whose
// only Vulkan device runs on the CPU, or that has none, should not pay that on
// every run only to learn it again. The memory is a small file in the cache
// directory, keyed by the Vulkan drivers installed (their manifests' names,
// sizes and times) and the environment that selects them.
#pragma once

#include <string>

namespace runmat::rt {

// What generated kernels may need of a device.
struct GpuFeatures {
  bool float64 = false, int64 = false, int8 = false, subgroupArithmetic = false;
};

struct ProbedDevice {
  bool known = false;
  std::string type; // discrete, integrated, virtual, cpu, other; "none" when no device was usable
  std::string name; // the device's name, or why there was none
  GpuFeatures features;
  std::string key;  // GpuDevice::identityKey(): finds its calibration without starting it
};

ProbedDevice rememberedDevice();
// Writes the file only when what it says changes.
void rememberDevice(const ProbedDevice &device);

} // namespace runmat::rt
