// Builds the pipelines of an artifact's SPIR-V modules on background threads
// as soon as the GPU starts, in module order (about the order the program
// launches them), so that a first run with an empty pipeline cache waits for
// the slowest module rather than for all of them one after another (the
// NVIDIA driver takes 0.1-0.4 s for each of image_normalize's modules).
// A launch that needs a module not yet taken builds it itself.
#pragma once

#include "VulkanApi.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct runmat_artifact_desc;

namespace runmat::rt {

class GpuDevice;

class PipelineWarmer {
public:
  // Module i is built with workgroup size workgroups[i] (specialisation constant 0).
  PipelineWarmer(GpuDevice &device, const runmat_artifact_desc *desc, std::vector<uint32_t> workgroups,
                 unsigned threads);
  ~PipelineWarmer(); // waits for the threads
  PipelineWarmer(const PipelineWarmer &) = delete;
  PipelineWarmer &operator=(const PipelineWarmer &) = delete;

  // Module `index`'s pipeline, waiting while another thread builds it; null
  // with `error` set when the driver refused it.
  VkPipeline get(int index, std::string &error);

private:
  struct Slot {
    std::atomic<bool> taken{false};
    bool done = false;
    VkPipeline pipeline = VK_NULL_HANDLE;
    std::string error;
  };
  void build(size_t index);
  void work();

  GpuDevice &device_;
  const runmat_artifact_desc *desc_;
  std::vector<uint32_t> workgroups_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable built_;
  std::vector<std::thread> threads_;
};

} // namespace runmat::rt
