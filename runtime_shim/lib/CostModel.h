// The cost model of --device auto: what a device does per second
// (DeviceRates, measured by calibration or, until then, defaults per kind
// of device), and the time a kernel or a library operation takes there,
// from the work the manifest describes: bytes streamed, operations by kind
// (plain, elementary functions, random draws, over every trip of a fused
// time loop) and matrix products by shape.
#pragma once

#include "runmat/contract/Manifest.h"

#include <string>

namespace runmat::rt {

struct DeviceRates {
  double readBandwidth = 0, writeBandwidth = 0; // bytes/s a kernel streams in and out
  double plainOps = 0;                          // elementwise operations/s, the whole device
  double transcendentals = 0;                   // exp, log, pow, ...: per second (--math=accurate)
  double transcendentalsFast = 0;               // the same under --math=fast (GPU)
  double draws = 0;                             // Philox random numbers/s
  double matmulFlops = 0;                       // products of large matrices
  double narrowFlops = 0;                       // products of at most 16 columns
  double gramFlops = 0;                         // A' * A (and the centered Gram product)
  double qrFlops = 0;                           // QR of tall, narrow matrices
  double dispatchSeconds = 0;                   // one launch among others (GPU: in a command buffer)
  double submitSeconds = 0;                     // a submit and its wait (GPU)
  double uploadBandwidth = 0, downloadBandwidth = 0, transferSeconds = 0; // host <-> device
  double startSeconds = 0;                      // starting the device (Vulkan's instance and device)
  // How much parallel work the rates above need: the CPU's threads (a
  // kernel runs in tasks of a minimum of work, CpuSplit), the GPU's
  // points in flight (below them, a kernel's time loop runs at its
  // latency, not the device's throughput); 0: any kernel fills the device.
  double lanes = 0;
};

// The defaults, per kind of device: the CPU at `threads` threads, a GPU by
// its Vulkan type (discrete, integrated, virtual, cpu, other).
DeviceRates defaultCpuRates(unsigned threads);
DeviceRates defaultGpuRates(const std::string &type);

// A generated kernel's work over its whole iteration space.
struct KernelCost {
  double bytesIn = 0, bytesOut = 0;
  KernelWork work; // summed over the points
  bool fastMath = false;
  double share = 1; // the part of the device's lanes the kernel's points fill (0..1]: its compute rate
};
double kernelSeconds(const DeviceRates &r, const KernelCost &c);
// The share of a device a kernel over `space` fills (KernelCost::share): on
// the CPU, its tasks (CpuSplit) of the threads the rates are for; on the
// GPU, its points of the lanes.
double cpuShare(const DeviceRates &cpu, const KernelInfo &k, const int64_t *space, const KernelWork &perPoint);
double gpuShare(const DeviceRates &gpu, double points);

// What starting the GPU costs a process that runs once: the start, and the
// driver's teardown at the process's exit, which the process cannot time
// (on the H200, NVIDIA's driver: 46-52 ms at exit after a 141-153 ms
// start, measured by benchmarks/gpu_process_cost.py).
constexpr double kExitShareOfStart = 0.33;
inline double processStartSeconds(const DeviceRates &gpu) { return gpu.startSeconds * (1 + kExitShareOfStart); }

enum class LibraryKind { Matmul, Narrow, Gram, Qr };
double librarySeconds(const DeviceRates &r, LibraryKind kind, double flops, double bytes);

} // namespace runmat::rt
