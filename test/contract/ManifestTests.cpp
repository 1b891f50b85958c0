// The manifest's model through its one writer and one reader, and the
// validator both apply.
#include <doctest/doctest.h>

#include "runmat/contract/ManifestYaml.h"
#include "runmat/runmat_abi.h"

#include <stdexcept>

using namespace runmat;

namespace {

// A script with one parameter, a map kernel with a fused time loop and a
// flat-form reduction, as the compiler describes them.
Manifest sample() {
  Manifest m;
  m.abi = RUNMAT_ABI_VERSION;
  m.source = "prog.m";
  m.compiler = "runmatc test";
  m.math = "fast";
  EntryInfo e;
  e.name = "prog";
  e.params = {ParamInfo{"M", 1000, RUNMAT_DTYPE_DOUBLE, true}, ParamInfo{"T", 2.5, RUNMAT_DTYPE_DOUBLE, false}};
  e.buffers = {"4*M"};
  m.entries.push_back(e);

  KernelInfo map;
  map.id = 0;
  map.name = "k0";
  map.kind = "map";
  map.rank = 2;
  map.tensors = {KernelTensor{false, RUNMAT_DTYPE_SINGLE, 2, {0, -1}}, KernelTensor{true, RUNMAT_DTYPE_SINGLE, 2, {}}};
  map.numScalars = 3;
  map.space = {"M", "1"};
  map.bytes = "4*M+4*M";
  map.flops = "3*M";
  map.opsPerElement = 3;
  map.loopScalars = {0, 1, 2};
  map.loopOps = 7;
  map.hasCost = true;
  map.costPoint = KernelWork{1, 0, 0};
  map.costTrip = KernelWork{5, 1, 2};
  map.costTrips = {LoopBound{true, 0}, LoopBound{true, 1}, LoopBound{false, 1}};
  map.covers = {"runmat.mul prog.m:3:5"};
  map.gpuModules = {0};
  map.gpuPoints = 4;
  map.fingerprint = "0123456789abcdef";
  map.schedules = {schedule::modelSchedule({false, true, 3})};
  m.kernels.push_back(map);

  KernelInfo red;
  red.id = 1;
  red.name = "k1";
  red.kind = "reduce";
  red.rank = 2;
  red.tensors = {KernelTensor{false, RUNMAT_DTYPE_SINGLE, 2, {0, 1}}, KernelTensor{true, RUNMAT_DTYPE_DOUBLE, 2, {}}};
  red.reduce = {0};
  red.combiners = {Combiner::Max};
  red.space = {"M", "4"};
  red.bytes = "4*M*4";
  red.flops = "1*M*4";
  red.covers = {"runmat.reduce prog.m:4:1"};
  red.gpuModules = {1, 2};
  red.flatStreamed = {0};
  red.needsFloat64 = true;
  KernelSchedule tuned = schedule::modelSchedule({true, false, 1});
  red.schedules = {tuned};
  tuned.workgroupSize = 512;
  tuned.form = ReductionForm::Split;
  tuned.source = ScheduleSource::Tuned;
  tuned.bucket = 20;
  tuned.device = "10de-2335-00000000-0000000000000001";
  red.schedules.push_back(tuned);
  m.kernels.push_back(red);

  m.fusion.enabled = true;
  m.fusion.kernelsBefore = 5;
  m.fusion.kernelsAfter = 2;
  m.fusion.fired.push_back({"time-loop", {"prog.m:3"}});
  m.fusion.rejected.push_back({"matmul-epilogue", "k1", "no matrix product"});
  return m;
}

} // namespace

TEST_CASE("what the writer writes, the reader reads back, and writing it again gives the same text") {
  const Manifest m = sample();
  const std::string text = writeManifest(m);
  const Manifest back = readManifest(text);
  CHECK(writeManifest(back) == text);
  CHECK(back.source == "prog.m");
  CHECK(back.compiler == "runmatc test");
  CHECK(back.math == "fast");
  REQUIRE(back.entries.size() == 1);
  CHECK(back.entries[0].params[1].defaultValue == 2.5);
  CHECK(back.entries[0].params[0].isSize);
  REQUIRE(back.kernels.size() == 2);
  const KernelInfo &k0 = back.kernels[0];
  CHECK(k0.tensors[0].map == std::vector<int>{0, -1});
  CHECK(k0.gpuPoints == 4);
  CHECK(k0.fingerprint == "0123456789abcdef");
  CHECK(k0.costTrips[2].spelling() == "c1");
  // The cost model's reading: (10 - 2) / 1 trips of the loop for scalars 2, 10.
  const uint64_t scalars[3] = {2, 10, 1};
  CHECK(k0.loopTrips(scalars) == 8);
  const KernelWork w = k0.workAt(scalars);
  CHECK(w.plain == 1 + 8 * 5);
  CHECK(w.transcendental == 8);
  CHECK(w.draws == 16);
  const KernelInfo &k1 = back.kernels[1];
  CHECK(k1.combiners == std::vector<Combiner>{Combiner::Max});
  CHECK(k1.flatStreamed == std::vector<int>{0});
  CHECK(k1.needsFloat64);
  CHECK(k1.tensors[1].dtype == RUNMAT_DTYPE_DOUBLE);
  REQUIRE(k1.schedules.size() == 2);
  CHECK(k1.schedules[0] == m.kernels[1].schedules[0]);
  CHECK(k1.schedules[1] == m.kernels[1].schedules[1]);
  CHECK(k1.schedules[1].form == ReductionForm::Split);
  CHECK(back.fusion.enabled);
  CHECK(back.fusion.rejected[0].reason == "no matrix product");
}

TEST_CASE("the validator names what is inconsistent, and the writer refuses it") {
  CHECK(manifestProblem(sample()) == "");
  Manifest m = sample();
  m.kernels[1].id = 5;
  CHECK(manifestProblem(m).find("has id 5 at position 1") != std::string::npos);
  CHECK_THROWS_AS(writeManifest(m), std::logic_error);

  m = sample();
  m.kernels[1].combiners.push_back(Combiner::Sum);
  CHECK(manifestProblem(m).find("one combiner per output") != std::string::npos);

  m = sample();
  m.kernels[0].flatStreamed = {0}; // a map kernel has no flat form
  m.kernels[0].gpuModules = {0, 3};
  CHECK(manifestProblem(m).find("flat form streams") != std::string::npos);

  m = sample();
  m.kernels[1].gpuModules = {1}; // a flat form needs its second module
  CHECK(manifestProblem(m).find("wrong number of GPU modules") != std::string::npos);

  m = sample();
  m.kernels[1].gpuModules = {0, 2}; // kernel 0's module
  CHECK(manifestProblem(m).find("another kernel's") != std::string::npos);

  m = sample();
  m.kernels[0].costTrips[0] = LoopBound{true, 3}; // three scalars: 0..2
  CHECK(manifestProblem(m).find("loop bound scalar out of range") != std::string::npos);

  m = sample();
  m.kernels[0].gpuModules.clear(); // no GPU form and no reason why
  CHECK(manifestProblem(m).find("neither a GPU form nor a reason") != std::string::npos);

  m = sample();
  m.kernels[1].schedules.erase(m.kernels[1].schedules.begin()); // only the tuned one: no schedule for any device
  CHECK(manifestProblem(m).find("schedule for any device and size first") != std::string::npos);

  m = sample();
  m.kernels[0].schedules[0].workgroupSize = 100;
  CHECK(manifestProblem(m).find("not a power of two") != std::string::npos);

  m = sample();
  m.entries.push_back(m.entries[0]);
  m.entries[1].index = 1;
  CHECK(manifestProblem(m).find("two entries named prog") != std::string::npos);
}

TEST_CASE("the reader refuses what the shim must not trust, with the reason") {
  const std::string text = writeManifest(sample());
  auto refusal = [](const std::string &yaml) {
    try {
      readManifest(yaml);
    } catch (const std::runtime_error &e) {
      return std::string(e.what());
    }
    return std::string("(read)");
  };
  auto replaced = [&](const std::string &from, const std::string &to) {
    std::string s = text;
    const size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK(refusal(replaced("runmat_manifest: 1", "runmat_manifest: 2")) == "manifest: version 2 (this build reads 1)");
  CHECK(refusal(replaced("dtype: single", "dtype: half")) == "manifest: unknown dtype 'half'");
  CHECK(refusal(replaced("[max]", "[mean]")) == "manifest: unknown combiner 'mean'");
  CHECK(refusal(replaced("c1]", "x1]")).find("a loop bound must be s<scalar> or c<constant>, got 'x1'") !=
        std::string::npos);
  CHECK(refusal(replaced("kind: reduce", "kind: scan")) == "manifest: kernel k1: unknown kernel kind 'scan'");
  CHECK(refusal("runmat_manifest: [1").rfind("manifest: ", 0) == 0);
}

TEST_CASE("loop bounds are spelled s<scalar> or c<constant>") {
  CHECK(LoopBound::parse("s2").scalar);
  CHECK(LoopBound::parse("s2").value == 2);
  CHECK(!LoopBound::parse("c-1").scalar);
  CHECK(LoopBound::parse("c-1").value == -1);
  CHECK_THROWS(LoopBound::parse("s"));
  CHECK_THROWS(LoopBound::parse("s2x"));
  CHECK_THROWS(LoopBound::parse("2"));
}
