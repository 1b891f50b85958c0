// The Vulkan GPU as a backend of one session, kept for the session's life:
// its stream (with the command buffers recorded for replay), its device
// buffers, the pipelines it has built (artifact modules and library
// shaders), and what each timed dispatch was, for the telemetry. Runs of
// the session share all of it; beginRun and endRun bracket each run.
#pragma once

#include "../Backend.h"
#include "GpuLibrary.h"
#include "GpuStream.h"
#include "PipelineWarmer.h"

#include <map>
#include <string>
#include <vector>

struct rm_artifact;

namespace runmat::rt {

struct Telemetry;

class GpuBackend final : public Backend {
public:
  GpuBackend(GpuDevice &device, const rm_artifact *artifact);
  ~GpuBackend();

  DeviceKind kind() const override { return DeviceKind::Gpu; }
  bool launchKernel(runmat_exec *x, int id, Tensor *const *tensors, const uint64_t *scalars, const int64_t *space,
                    std::string &refusal) override;
  Tensor *matmul(runmat_exec *x, Tensor *a, Tensor *b, bool ta, bool tb, std::string &refusal) override;
  Tensor *gram(runmat_exec *x, Tensor *a, Tensor *mu, double divisor, std::string &refusal) override;
  bool qr(runmat_exec *x, Tensor *a, Tensor *&q, Tensor *&r, std::string &refusal) override;
  bool copy(runmat_exec *x, const Tensor *src, Tensor *dst, std::string &refusal) override;
  bool makeReadable(runmat_exec *x, const Tensor *t, std::string &refusal) override;
  bool prepareWrite(runmat_exec *x, Tensor *t, std::string &refusal) override;
  bool readBack(runmat_exec *x, const ReadBack *reads, size_t count, std::string &refusal) override;
  void releaseCopy(Storage *s) override;

  GpuDevice &device() { return device_; }
  GpuStream &stream() { return stream_; }

  // A run begins (timed: timestamps around every dispatch); ends: its work
  // finished, its timings and counters in `t`, its buffers free again.
  // False (with stream().error()) when the device failed at the end.
  void beginRun(bool timed);
  bool endRun(Telemetry &t);

  // The pipeline of the artifact's SPIR-V module `index`, with the
  // workgroup size `workgroup` as specialization constant 0.
  VkPipeline module(int index, uint32_t workgroup, std::string &error);
  // A library shader with specialization constants `spec`.
  VkPipeline library(LibraryShader s, const std::vector<uint32_t> &spec, std::string &error);

  // A dispatch's telemetry tag: a kernel id, or a library operation's name.
  struct Tag {
    int kernel = -1;
    std::string library;
  };
  int tagKernel(int kernel);
  int tagLibrary(const std::string &name);

  // Kernels the device refused (a pipeline the driver would not build):
  // under auto they run on the CPU from then on.
  std::map<int, std::string> refused;

  // Tensor bytes with a device copy now, and at most during this run.
  void noteDeviceCopy(int64_t bytes);

private:
  GpuDevice &device_;
  const rm_artifact *artifact_;
  GpuStream stream_;
  std::vector<VkPipeline> modules_;         // at moduleWorkgroups_ (built ahead by the warmer)
  std::vector<uint32_t> moduleWorkgroups_;
  std::map<std::pair<int, uint32_t>, VkPipeline> otherWorkgroups_; // a tuned schedule's other sizes
  std::map<std::pair<int, uint32_t>, std::string> moduleErrors_; // pipelines the driver refused: not tried again
  struct LibraryPipeline {
    LibraryShader shader;
    std::vector<uint32_t> spec;
    VkPipeline pipeline;
  };
  std::vector<LibraryPipeline> library_; // a few; searched without allocating
  std::vector<Tag> tags_;
  std::map<int, int> kernelTags_;
  std::map<std::string, int> libraryTags_;
  int64_t tensorBytes_ = 0, peakTensorBytes_ = 0;
  double pipelineSeconds_ = 0; // this run's time getting pipelines (building, or waiting for the warmer)
  uint64_t pipelineHits_ = 0, pipelineMisses_ = 0; // this run's lookups of the session's pipelines
  std::unique_ptr<PipelineWarmer> warmer_;
};

} // namespace runmat::rt
