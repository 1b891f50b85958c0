// Calibration of what moving data costs on a GPU: upload and download
// bandwidth and latency through staging memory, and the round trip of a
// submit and its wait with almost nothing in it.
#pragma once

#include <string>

namespace runmat::rt {

class GpuDevice;

struct TransferRates {
  bool ok = false;
  std::string error;
  double uploadBandwidth = 0, downloadBandwidth = 0; // bytes/s
  double latencySeconds = 0;                         // a small transfer, submit and wait included
  double submitSeconds = 0;                          // a tiny fill, submitted and waited for
};

TransferRates probeTransfers(GpuDevice &device);

} // namespace runmat::rt
