// The CPU kernels' fork-join pool: callers on several threads take turns,
// and every job runs each of its indices exactly once.
#include <doctest/doctest.h>

#include "ThreadPool.h"

#include <atomic>
#include <thread>
#include <vector>

using namespace runmat::rt;

TEST_CASE("callers on several threads each get their whole job") {
  ThreadPool pool(4);
  constexpr int kCallers = 6, kJobs = 200, kSize = 97;
  std::vector<std::vector<int>> hits(kCallers, std::vector<int>(kSize, 0));
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c)
    callers.emplace_back([&, c] {
      std::vector<std::atomic<int>> counts(kSize);
      for (int j = 0; j < kJobs; ++j)
        pool.parallelFor(kSize, [&](int64_t i) { counts[(size_t)i].fetch_add(1, std::memory_order_relaxed); });
      for (int i = 0; i < kSize; ++i) hits[(size_t)c][(size_t)i] = counts[(size_t)i].load();
    });
  for (std::thread &t : callers) t.join();
  for (int c = 0; c < kCallers; ++c)
    for (int i = 0; i < kSize; ++i) CHECK(hits[(size_t)c][(size_t)i] == kJobs);
}
