// The GPU state of one run: its stream of work, the pipelines it has built
// (artifact modules and library shaders), and what each timed dispatch was,
// for the telemetry.
#pragma once

#include "GpuLibrary.h"
#include "GpuStream.h"

#include <map>
#include <string>
#include <vector>

struct rm_artifact;

namespace runmat::rt {

class GpuRun {
public:
  GpuRun(GpuDevice &device, const rm_artifact *artifact);

  GpuDevice &device() { return device_; }
  GpuStream &stream() { return stream_; }

  // The pipeline of the artifact's SPIR-V module `index`, with the
  // workgroup size as specialization constant 0.
  VkPipeline module(int index, std::string &error);
  // A library shader with specialization constants `spec`.
  VkPipeline library(LibraryShader s, const std::vector<uint32_t> &spec, std::string &error);

  // A dispatch's telemetry tag: a kernel id, or a library operation's name.
  struct Tag {
    int kernel = -1;
    std::string library;
  };
  int tagKernel(int kernel);
  int tagLibrary(const std::string &name);
  const Tag &tag(int index) const { return tags_[(size_t)index]; }

  // Kernels the device refused (a pipeline the driver would not build):
  // under auto they run on the CPU from then on.
  std::map<int, std::string> refused;

private:
  GpuDevice &device_;
  const rm_artifact *artifact_;
  GpuStream stream_;
  std::vector<VkPipeline> modules_;
  std::map<int, std::string> moduleErrors_; // modules the driver refused: not tried again
  std::map<std::pair<int, std::vector<uint32_t>>, VkPipeline> library_;
  std::vector<Tag> tags_;
  std::map<int, int> kernelTags_;
  std::map<std::string, int> libraryTags_;
};

} // namespace runmat::rt
