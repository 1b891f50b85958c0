// The transfers a placement causes later (issue 16): a result written on
// the GPU that a later host read downloads, or a result written on the CPU
// that a later GPU operation uploads. Each is charged to the operation
// that wrote it (its site: a kernel, or a library operation), and the next
// run's decision for that site adds them to the estimate of the device it
// ran on: a tensor moved to the GPU for one kernel and back for the next
// is a loss. Kept for the session (a VM runs an artifact again and again);
// a site's record is replaced only by runs that placed it on that device,
// so choosing the other device does not erase what it learnt.
#pragma once

#include <cstdint>
#include <unordered_map>

namespace runmat::rt {

enum class SiteLibrary { Matmul, Gram, Qr };

// A kernel's site is its id; library operations' come after every kernel id.
inline int kernelSite(int kernel) { return kernel; }
inline int librarySite(SiteLibrary op) { return (1 << 24) + (int)op; }

class LaterTransfers {
public:
  // This run: `site` ran on the GPU (or the CPU).
  void ran(int site, bool gpu);
  // This run: bytes of a result of `site` moved to the other side.
  void moved(int site, bool wroteOnGpu, double bytes);
  // Bytes one launch of `site` caused later, as last learnt, when placed on the GPU (downloads) or the CPU (uploads).
  double downloadsAfterGpu(int site) const;
  double uploadsAfterCpu(int site) const;
  void endRun();

private:
  struct Run {
    int gpuLaunches = 0, cpuLaunches = 0;
    double downloaded = 0, uploaded = 0;
  };
  struct Learnt {
    double downloadsPerGpuLaunch = 0, uploadsPerCpuLaunch = 0;
  };
  std::unordered_map<int, Run> run_;
  std::unordered_map<int, Learnt> learnt_;
};

} // namespace runmat::rt
