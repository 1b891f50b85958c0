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
  const size_t big = size_t(64) << 20, small = 4096;
  std::vector<char> host(big, 1);
  // The best of a few, each a run of its own as a session's transfers are:
  // the first takes the command buffer, the staging memory and the buffer
  // that the later ones reuse, so what is timed is the copy, the submit and
  // the wait (timing them in one run timed a fresh command buffer, fence and
  // staging allocation each time: 0.29 ms of "latency" on the H200).
  auto best = [&](int times, auto &&step) {
    double t = 1e30;
    for (int i = 0; i <= times; ++i) {
      s.beginRun(false);
      GpuBuffer *buffer = s.allocate(big);
      bool ok = buffer != nullptr;
      const auto started = Clock::now();
      ok = ok && step(buffer);
      const double took = since(started);
      if (buffer) s.release(buffer);
      ok = s.endRun() && ok;
      if (!ok) return -1.0;
      if (i > 0) t = std::min(t, took);
    }
    return t;
  };
  const double up = best(5, [&](GpuBuffer *b) { return s.upload(b, 0, host.data(), small) && s.finish(); });
  const double upBig = best(2, [&](GpuBuffer *b) { return s.upload(b, 0, host.data(), big) && s.finish(); });
  const double down = best(5, [&](GpuBuffer *b) { return s.download(b, 0, host.data(), small); });
  const double downBig = best(2, [&](GpuBuffer *b) { return s.download(b, 0, host.data(), big); });
  const double fill = best(10, [&](GpuBuffer *b) { return s.fill(b, 0, 4, 0) && s.finish(); });
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
