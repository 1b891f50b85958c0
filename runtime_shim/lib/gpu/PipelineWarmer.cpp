#include "PipelineWarmer.h"

#include "GpuDevice.h"
#include "runmat/runmat_abi.h"

namespace runmat::rt {

PipelineWarmer::PipelineWarmer(GpuDevice &device, const runmat_artifact_desc *desc, std::vector<uint32_t> workgroups,
                               unsigned threads)
    : device_(device), desc_(desc), workgroups_(std::move(workgroups)) {
  for (uint32_t i = 0; i < desc->num_spirv; ++i) slots_.push_back(std::make_unique<Slot>());
  for (unsigned t = 0; t < threads && t < slots_.size(); ++t) threads_.emplace_back([this] { work(); });
}

PipelineWarmer::~PipelineWarmer() {
  stop_ = true;
  for (std::thread &t : threads_) t.join();
}

void PipelineWarmer::build(size_t index) {
  std::string error;
  VkPipeline p = device_.pipeline(desc_->spirv[index], (size_t)desc_->spirv_word_count[index], {workgroups_.at(index)}, error);
  std::lock_guard<std::mutex> lock(mutex_);
  Slot &s = *slots_[index];
  s.pipeline = p;
  s.error = error;
  s.done = true;
  built_.notify_all();
}

void PipelineWarmer::work() {
  for (size_t i = next_++; i < slots_.size() && !stop_; i = next_++)
    if (!slots_[i]->taken.exchange(true)) build(i);
}

VkPipeline PipelineWarmer::get(int index, std::string &error) {
  Slot &s = *slots_.at((size_t)index);
  if (!s.taken.exchange(true)) build((size_t)index);
  std::unique_lock<std::mutex> lock(mutex_);
  built_.wait(lock, [&] { return s.done; });
  error = s.error;
  return s.pipeline;
}

} // namespace runmat::rt
