// The cost model's reading of a kernel's parallelism (issue 16): a kernel
// that fills part of a device runs at that part of its rates; on the CPU
// the part is its tasks (CpuSplit, as the launcher cuts it) of the threads.
#include <doctest/doctest.h>

#include "CostModel.h"
#include "CpuSplit.h"

using namespace runmat;
using namespace runmat::rt;

namespace {

KernelInfo kernelOfRank(int rank) {
  KernelInfo k;
  k.rank = rank;
  return k;
}

} // namespace

TEST_CASE("a kernel of fewer points than a task runs as one task") {
  const KernelInfo k = kernelOfRank(1);
  const int64_t few[] = {1000};
  CHECK(cpuSplit(k, few, 16, {}).tasks == 1);
  const int64_t many[] = {int64_t(1) << 24};
  CHECK(cpuSplit(k, many, 16, {}).tasks == 16);
  const int64_t some[] = {4 * 32768};
  CHECK(cpuSplit(k, some, 16, {}).tasks == 4);
}

TEST_CASE("a heavy point makes a task of fewer points") {
  const KernelInfo k = kernelOfRank(1);
  const int64_t space[] = {100000};
  CHECK(cpuSplit(k, space, 16, {4, 0, 0}).tasks == 3); // light: 32768 points a task
  // monte_carlo's 256 trips of 7 operations, 2 elementary functions and a draw
  const KernelWork heavy{7 * 256, 2 * 256, 256};
  CHECK(cpuSplit(k, space, 16, heavy).tasks == 16);
  const int64_t hundred[] = {100}; // 14 points a task
  CHECK(cpuSplit(k, hundred, 16, heavy).tasks == 6);
}

TEST_CASE("a group is never split: a kernel of one group is one task") {
  KernelInfo k = kernelOfRank(2);
  k.group = {0};
  const int64_t oneColumn[] = {int64_t(1) << 22, 1};
  CHECK(cpuSplit(k, oneColumn, 8, {}).tasks == 1);
  const int64_t columns[] = {128, 4096};
  const CpuSplit s = cpuSplit(k, columns, 8, {});
  CHECK(s.dim == 1);
  CHECK(s.tasks == 8);
}

TEST_CASE("a kernel runs at the share of the device it fills") {
  DeviceRates r = defaultCpuRates(16);
  r.dispatchSeconds = 0;
  KernelCost c;
  c.work.plain = 1.6e9; // a second of all 16 threads
  CHECK(kernelSeconds(r, c) == doctest::Approx(1.6e9 / r.plainOps));
  c.share = 1.0 / 16;
  CHECK(kernelSeconds(r, c) == doctest::Approx(16 * 1.6e9 / r.plainOps));
  c.share = 0; // never a division by zero
  CHECK(kernelSeconds(r, c) > 0);
}

TEST_CASE("a kernel's memory time does not scale with its share") {
  DeviceRates r = defaultCpuRates(16);
  r.dispatchSeconds = 0;
  KernelCost c;
  c.bytesIn = 1e6;
  const double full = kernelSeconds(r, c);
  c.share = 1.0 / 16;
  CHECK(kernelSeconds(r, c) == doctest::Approx(full));
}
