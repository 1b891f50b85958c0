#include "GpuRun.h"

#include "../Artifact.h"

namespace runmat::rt {

GpuRun::GpuRun(GpuDevice &device, const rm_artifact *artifact)
    : device_(device), artifact_(artifact), stream_(device), modules_(artifact->desc->num_spirv, VK_NULL_HANDLE) {}

VkPipeline GpuRun::module(int index, std::string &error) {
  VkPipeline &p = modules_.at((size_t)index);
  if (auto refused = moduleErrors_.find(index); refused != moduleErrors_.end()) {
    error = refused->second;
    return VK_NULL_HANDLE;
  }
  if (!p) {
    const runmat_artifact_desc *d = artifact_->desc;
    p = device_.pipeline(d->spirv[index], (size_t)d->spirv_word_count[index], {device_.workgroupSize()}, error);
    if (!p) moduleErrors_[index] = error;
  }
  return p;
}

VkPipeline GpuRun::library(LibraryShader s, const std::vector<uint32_t> &spec, std::string &error) {
  VkPipeline &p = library_[{(int)s, spec}];
  if (!p) {
    SpirvModule m = librarySpirv(s);
    p = device_.pipeline(m.words, m.count, spec, error);
  }
  return p;
}

int GpuRun::tagKernel(int kernel) {
  auto [it, fresh] = kernelTags_.try_emplace(kernel, (int)tags_.size());
  if (fresh) tags_.push_back(Tag{kernel, ""});
  return it->second;
}

int GpuRun::tagLibrary(const std::string &name) {
  auto [it, fresh] = libraryTags_.try_emplace(name, (int)tags_.size());
  if (fresh) tags_.push_back(Tag{-1, name});
  return it->second;
}

} // namespace runmat::rt
