#include "LaterTransfers.h"

namespace runmat::rt {

void LaterTransfers::ran(int site, bool gpu) {
  Run &r = run_[site];
  (gpu ? r.gpuLaunches : r.cpuLaunches)++;
}

void LaterTransfers::moved(int site, bool wroteOnGpu, double bytes) {
  Run &r = run_[site];
  (wroteOnGpu ? r.downloaded : r.uploaded) += bytes;
}

double LaterTransfers::downloadsAfterGpu(int site) const {
  auto it = learnt_.find(site);
  return it == learnt_.end() ? 0 : it->second.downloadsPerGpuLaunch;
}

double LaterTransfers::uploadsAfterCpu(int site) const {
  auto it = learnt_.find(site);
  return it == learnt_.end() ? 0 : it->second.uploadsPerCpuLaunch;
}

void LaterTransfers::endRun() {
  for (const auto &[site, r] : run_) {
    Learnt &l = learnt_[site];
    if (r.gpuLaunches) l.downloadsPerGpuLaunch = r.downloaded / r.gpuLaunches;
    if (r.cpuLaunches) l.uploadsPerCpuLaunch = r.uploaded / r.cpuLaunches;
  }
  run_.clear();
}

} // namespace runmat::rt
