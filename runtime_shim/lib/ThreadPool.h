// A fork-join pool for CPU kernels: parallelFor runs fn(0..n) on the workers
// and the caller, and returns when all are done. Callers on several threads
// take turns (a job runs on all the workers or none).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace runmat::rt {

class ThreadPool {
public:
  explicit ThreadPool(unsigned threads = 0); // 0: one per hardware thread
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  unsigned size() const { return (unsigned)workers_.size() + 1; }
  void parallelFor(int64_t n, const std::function<void(int64_t)> &fn);

private:
  void work();
  std::vector<std::thread> workers_;
  std::mutex callers_; // held by the caller whose job the workers run
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int64_t)> *job_ = nullptr;
  int64_t jobSize_ = 0;
  int64_t next_ = 0;
  int64_t finished_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

} // namespace runmat::rt
