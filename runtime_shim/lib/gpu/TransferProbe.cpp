#include "TransferProbe.h"

#include "GpuStream.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace runmat::rt {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
} // namespace

TransferRates probeTransfers(GpuDevice &device) {
  TransferRates r;
  GpuStream s(device);
  s.beginRun(false);
  const size_t big = size_t(64) << 20, small = 4096;
  GpuBuffer *buffer = s.allocate(big);
  if (!buffer) {
    r.error = s.error();
    s.endRun();
    return r;
  }
  std::vector<char> host(big, 1);
  // The best of a few: each is its own submit and wait.
  auto best = [&](int times, auto &&step) {
    double t = 1e30;
    for (int i = 0; i < times; ++i) {
      auto started = Clock::now();
      if (!step()) return -1.0;
      t = std::min(t, since(started));
    }
    return t;
  };
  const double up = best(5, [&] { return s.upload(buffer, 0, host.data(), small) && s.finish(); });
  const double upBig = best(3, [&] { return s.upload(buffer, 0, host.data(), big) && s.finish(); });
  const double down = best(5, [&] { return s.download(buffer, 0, host.data(), small); });
  const double downBig = best(3, [&] { return s.download(buffer, 0, host.data(), big); });
  const double fill = best(10, [&] { return s.fill(buffer, 0, 4, 0) && s.finish(); });
  s.release(buffer);
  s.endRun();
  if (up < 0 || upBig < 0 || down < 0 || downBig < 0 || fill < 0) {
    r.error = s.error();
    return r;
  }
  r.latencySeconds = 0.5 * (up + down);
  r.uploadBandwidth = (double)big / std::max(upBig - up, 0.5 * upBig);
  r.downloadBandwidth = (double)big / std::max(downBig - down, 0.5 * downBig);
  r.submitSeconds = fill;
  r.ok = true;
  return r;
}

} // namespace runmat::rt
