#include "ThreadPool.h"

namespace runmat::rt {

ThreadPool::ThreadPool(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  start_.notify_all();
  for (std::thread &t : workers_) t.join();
}

void ThreadPool::parallelFor(int64_t n, const std::function<void(int64_t)> &fn) {
  if (n <= 0) return;
  if (n == 1 || workers_.empty()) {
    for (int64_t i = 0; i < n; ++i) fn(i);
    return;
  }
  // One job at a time: sessions on other threads wait for the pool.
  std::lock_guard<std::mutex> turn(callers_);
  std::unique_lock<std::mutex> lock(mutex_);
  job_ = &fn;
  jobSize_ = n;
  next_ = 0;
  finished_ = 0;
  ++generation_;
  start_.notify_all();
  // The caller works too.
  while (next_ < jobSize_) {
    int64_t i = next_++;
    lock.unlock();
    fn(i);
    lock.lock();
    ++finished_;
  }
  done_.wait(lock, [&] { return finished_ == jobSize_; });
  job_ = nullptr;
}

void ThreadPool::work() {
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    start_.wait(lock, [&] { return stop_ || (generation_ != seen && job_); });
    if (stop_) return;
    seen = generation_;
    while (job_ && next_ < jobSize_) {
      int64_t i = next_++;
      const auto *fn = job_;
      lock.unlock();
      (*fn)(i);
      lock.lock();
      if (++finished_ == jobSize_) done_.notify_all();
    }
  }
}

} // namespace runmat::rt
