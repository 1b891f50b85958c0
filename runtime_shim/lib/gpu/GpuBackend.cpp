#include "GpuBackend.h"
#include "GpuSchedule.h"

#include "../Artifact.h"
#include "../Telemetry.h"
#include "GpuExec.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace runmat::rt {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
} // namespace

GpuBackend::GpuBackend(GpuDevice &device, const rm_artifact *artifact)
    : device_(device), artifact_(artifact), stream_(device), modules_(artifact->desc->num_spirv, VK_NULL_HANDLE) {
  // Build the artifact's pipelines in the background, but not for a device on
  // the CPU, which would take the cores the program runs on
  // (RUNMAT_GPU_PREBUILD=on or off decides it either way).
  const char *prebuild = std::getenv("RUNMAT_GPU_PREBUILD");
  const bool wanted = prebuild && *prebuild ? std::strcmp(prebuild, "off") != 0 : device.info().type != "cpu";
  const unsigned threads = std::min(8u, std::max(1u, std::thread::hardware_concurrency() / 2));
  moduleWorkgroups_ = moduleWorkgroups(artifact->manifest, device, artifact->desc->num_spirv);
  if (wanted && artifact->desc->num_spirv)
    warmer_ = std::make_unique<PipelineWarmer>(device, artifact->desc, moduleWorkgroups_, threads);
}

GpuBackend::~GpuBackend() = default;

bool GpuBackend::launchKernel(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars,
                              const int64_t *space, std::string &refusal) {
  const KernelInfo &k = x->artifact->manifest.kernels.at((size_t)id);
  refusal = gpuKernelRefusal(device_.info().name, device_.info().features(), k);
  if (refusal.empty())
    if (auto it = refused.find(id); it != refused.end()) refusal = it->second;
  return refusal.empty() && launchGpu(x, id, tensors, scalars, space, refusal);
}

Tensor *GpuBackend::matmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb, std::string &refusal) {
  return gpuMatmul(x, a, b, ta, tb, refusal);
}

Tensor *GpuBackend::gram(runmat_exec *x, Tensor *a, Tensor *mu, double divisor, std::string &refusal) {
  return gpuMatmul(x, a, a, true, false, refusal, mu, divisor);
}

bool GpuBackend::qr(runmat_exec *x, Tensor *a, Tensor *&q, Tensor *&r, std::string &refusal) {
  return gpuQr(x, a, q, r, refusal);
}

bool GpuBackend::copy(runmat_exec *x, const Tensor *src, Tensor *dst, std::string &refusal) {
  return deviceWrite(x, dst, refusal) && gpuCopy(x, src, dst, refusal);
}

bool GpuBackend::makeReadable(runmat_exec *x, const Tensor *t, std::string &refusal) {
  return deviceRead(x, t, refusal) != nullptr;
}

bool GpuBackend::prepareWrite(runmat_exec *x, Tensor *t, std::string &refusal) {
  return deviceWrite(x, t, refusal) != nullptr;
}

bool GpuBackend::readBack(runmat_exec *x, const ReadBack *reads, size_t count, std::string &refusal) {
  // Every copy into staging memory first, then one wait for all of them.
  std::vector<GpuBuffer *> staged;
  bool ok = true;
  for (size_t i = 0; i < count && ok; ++i) {
    GpuBuffer *s = stream_.stage(static_cast<GpuBuffer *>(reads[i].storage->device), reads[i].offset, reads[i].bytes);
    ok = s != nullptr;
    if (ok) staged.push_back(s);
  }
  ok = ok && stream_.finish();
  for (size_t i = 0; i < staged.size(); ++i) {
    if (ok) std::memcpy(reads[i].dst, staged[i]->mapped, reads[i].bytes);
    stream_.release(staged[i]);
    if (ok) {
      x->telemetry.transferBytes += (double)reads[i].bytes;
      x->telemetry.downloadBytes += (double)reads[i].bytes;
    }
  }
  if (!ok) {
    if (device_.lost()) gpuLost(x, stream_.error());
    refusal = stream_.error();
  }
  return ok;
}

void GpuBackend::releaseCopy(Storage *s) {
  stream_.release(static_cast<GpuBuffer *>(s->device));
  noteDeviceCopy(-(int64_t)s->used);
}

void GpuBackend::noteDeviceCopy(int64_t bytes) {
  tensorBytes_ += bytes;
  peakTensorBytes_ = std::max(peakTensorBytes_, tensorBytes_);
}

void GpuBackend::beginRun(bool timed) {
  stream_.beginRun(timed);
  peakTensorBytes_ = tensorBytes_;
  pipelineSeconds_ = 0;
  pipelineHits_ = pipelineMisses_ = 0;
}

bool GpuBackend::endRun(Telemetry &t) {
  const uint64_t fresh = stream_.buffers().fresh();
  bool ok = stream_.endRun();
  // Per kernel GPU time, and the device's timeline: the span from the first
  // timed dispatch's start to the last one's end, and how much of it the
  // GPU spent between dispatches (barriers, launch gaps, waiting for the host).
  double first = 0, last = 0, busy = 0;
  bool any = false;
  for (const GpuStream::Timing &timing : stream_.takeTimings()) {
    const Tag &tag = tags_[(size_t)timing.tag];
    const double seconds = std::max(0.0, timing.end - timing.begin);
    t.addGpuTime(tag.kernel, tag.library, seconds);
    busy += seconds;
    first = any ? std::min(first, timing.begin) : timing.begin;
    last = any ? std::max(last, timing.end) : timing.end;
    any = true;
  }
  const GpuStream::Counters &c = stream_.counters();
  GpuRunStats &g = t.gpuRun;
  g.timed = any;
  g.spanSeconds = any ? last - first : 0;
  g.idleSeconds = any ? std::max(0.0, g.spanSeconds - busy) : 0;
  g.dispatches = c.dispatches;
  g.submits = c.submits;
  g.waits = c.waits;
  g.waitSeconds = c.waitSeconds;
  g.submitSeconds = c.submitSeconds;
  g.recordSeconds = c.recordSeconds;
  g.replayedSegments = c.replayed;
  g.recordedSegments = c.recorded;
  g.peakDeviceBytes = stream_.buffers().peakBytes();
  g.peakTensorBytes = (uint64_t)peakTensorBytes_;
  g.freshBuffers = fresh;
  g.heldDeviceBytes = stream_.buffers().heldBytes();
  g.heldHostBytes = stream_.buffers().hostBytes();
  g.pipelineSeconds = pipelineSeconds_;
  g.pipelineHits = pipelineHits_;
  g.pipelineMisses = pipelineMisses_;
  t.gpuDevice = device_.info().name + " (" + device_.info().type + ")";
  t.gpuIdentity = device_.identityKey();
  device_.savePipelineCache();
  return ok;
}

VkPipeline GpuBackend::module(int index, uint32_t workgroup, std::string &error) {
  const bool ahead = workgroup == moduleWorkgroups_.at((size_t)index);
  VkPipeline &p = ahead ? modules_.at((size_t)index) : otherWorkgroups_[{index, workgroup}];
  if (auto refusedModule = moduleErrors_.find({index, workgroup}); refusedModule != moduleErrors_.end()) {
    error = refusedModule->second;
    return VK_NULL_HANDLE;
  }
  if (p) ++pipelineHits_;
  if (!p) {
    ++pipelineMisses_;
    auto started = Clock::now();
    const runmat_artifact_desc *d = artifact_->desc;
    p = warmer_ && ahead ? warmer_->get(index, error)
                         : device_.pipeline(d->spirv[index], (size_t)d->spirv_word_count[index], {workgroup}, error);
    if (!p) moduleErrors_[{index, workgroup}] = error;
    pipelineSeconds_ += since(started);
  }
  return p;
}

VkPipeline GpuBackend::library(LibraryShader s, const std::vector<uint32_t> &spec, std::string &error) {
  for (const LibraryPipeline &l : library_)
    if (l.shader == s && l.spec == spec) {
      ++pipelineHits_;
      return l.pipeline;
    }
  ++pipelineMisses_;
  auto started = Clock::now();
  SpirvModule m = librarySpirv(s);
  VkPipeline p = device_.pipeline(m.words, m.count, spec, error);
  if (p) library_.push_back({s, spec, p});
  pipelineSeconds_ += since(started);
  return p;
}

int GpuBackend::tagKernel(int kernel) {
  auto [it, fresh] = kernelTags_.try_emplace(kernel, (int)tags_.size());
  if (fresh) tags_.push_back(Tag{kernel, ""});
  return it->second;
}

int GpuBackend::tagLibrary(const std::string &name) {
  auto [it, fresh] = libraryTags_.try_emplace(name, (int)tags_.size());
  if (fresh) tags_.push_back(Tag{-1, name});
  return it->second;
}

} // namespace runmat::rt
