#include "CostModel.h"

#include "CpuSplit.h"

#include <algorithm>
#include <cmath>

namespace runmat::rt {

// The defaults are rough readings of the suite on two machines (a 2-core
// AMD EPYC; an NVIDIA H200: monte_carlo's 2.6e8 trips of 7 plain
// operations, 2 elementary functions and a normal draw in 1.65 ms,
// iir_smoothing's 2e9 trips of 7 and a uniform draw in 3.7 ms, pca's Gram
// product at 5.5e13 flop/s); calibration replaces them per device.
DeviceRates defaultCpuRates(unsigned threads) {
  const double t = std::max(1u, threads);
  DeviceRates r;
  r.readBandwidth = r.writeBandwidth = std::min(6e9 * t, 6e10);
  r.plainOps = 1e10 * t;
  r.transcendentals = r.transcendentalsFast = 1e9 * t;
  r.draws = 1.2e9 * t;
  r.matmulFlops = r.gramFlops = 3e10 * t;
  r.narrowFlops = 1e10 * t;
  r.qrFlops = 5e9 * t;
  r.dispatchSeconds = 5e-6;
  r.lanes = t;
  return r;
}

DeviceRates defaultGpuRates(const std::string &type) {
  DeviceRates r;
  if (type == "discrete" || type == "virtual") {
    r.readBandwidth = r.writeBandwidth = 3.5e12;
    r.plainOps = 3e13;
    r.transcendentals = 4e11;
    r.transcendentalsFast = 2e12;
    r.draws = 6e11;
    r.matmulFlops = 2e13;
    r.narrowFlops = 5e12;
    r.gramFlops = 5e13;
    r.qrFlops = 5e9;
    r.dispatchSeconds = 2e-6;
    r.submitSeconds = 4e-5;
    r.uploadBandwidth = r.downloadBandwidth = 2e10;
    r.transferSeconds = 2e-5;
    r.startSeconds = 0.15;
    // iir_smoothing at M=1000, T=64 on the H200 runs a trip of 7 plain
    // operations and a draw in about 0.4 us, where M=1e6 runs 5e11 trips/s.
    r.lanes = 65536;
  } else if (type == "integrated") {
    r.readBandwidth = r.writeBandwidth = 8e10;
    r.plainOps = 1e12;
    r.transcendentals = 5e10;
    r.transcendentalsFast = 2e11;
    r.draws = 5e10;
    r.matmulFlops = r.gramFlops = 8e11;
    r.narrowFlops = 2e11;
    r.qrFlops = 1e9;
    r.dispatchSeconds = 5e-6;
    r.submitSeconds = 5e-5;
    r.uploadBandwidth = r.downloadBandwidth = 2e10;
    r.transferSeconds = 1e-5;
    r.startSeconds = 0.1;
    r.lanes = 8192;
  } else { // a CPU device (lavapipe) or unknown
    r.readBandwidth = r.writeBandwidth = 1e10;
    r.plainOps = 1e10;
    r.transcendentals = r.transcendentalsFast = 5e8;
    r.draws = 5e8;
    r.matmulFlops = r.gramFlops = r.narrowFlops = 1e10;
    r.qrFlops = 1e9;
    r.dispatchSeconds = 5e-5;
    r.submitSeconds = 2e-4;
    r.uploadBandwidth = r.downloadBandwidth = 1e10;
    r.transferSeconds = 1e-5;
    r.startSeconds = 0.05;
    r.lanes = 64;
  }
  return r;
}

double kernelSeconds(const DeviceRates &r, const KernelCost &c) {
  auto per = [](double amount, double rate) { return amount > 0 && rate > 0 ? amount / rate : 0.0; };
  const double memory = per(c.bytesIn, r.readBandwidth) + per(c.bytesOut, r.writeBandwidth);
  const double compute = per(c.work.plain, r.plainOps) +
                         per(c.work.transcendental, c.fastMath ? r.transcendentalsFast : r.transcendentals) +
                         per(c.work.draws, r.draws);
  // A kernel that fills part of the device computes at that part of its
  // rates. Its memory is not scaled: a kernel too small to fill the device
  // is small in bytes too (a CPU task is at most 32768 points, in a core's
  // cache), and its streams still reach most of the bandwidth.
  return r.dispatchSeconds + std::max(memory, compute / std::clamp(c.share, 1e-9, 1.0));
}

double cpuShare(const DeviceRates &cpu, const KernelInfo &k, const int64_t *space, const KernelWork &perPoint) {
  if (cpu.lanes < 1) return 1;
  return (double)cpuSplit(k, space, (unsigned)cpu.lanes, perPoint).tasks / std::floor(cpu.lanes);
}

double gpuShare(const DeviceRates &gpu, double points) { return gpu.lanes > 0 ? std::min(1.0, points / gpu.lanes) : 1; }

double librarySeconds(const DeviceRates &r, LibraryKind kind, double flops, double bytes) {
  const double rate = kind == LibraryKind::Matmul ? r.matmulFlops
                      : kind == LibraryKind::Narrow ? r.narrowFlops
                      : kind == LibraryKind::Gram   ? r.gramFlops
                                                    : r.qrFlops;
  const double bandwidth = std::min(r.readBandwidth, r.writeBandwidth);
  return r.dispatchSeconds + std::max(rate > 0 ? flops / rate : 0.0, bandwidth > 0 ? bytes / bandwidth : 0.0);
}

} // namespace runmat::rt
