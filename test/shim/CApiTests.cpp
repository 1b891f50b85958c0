// The runtime shim's C API, driven as a VM would: artifacts compiled by
// runmatc (test/shim/fixtures), real tensors in and out, and every failure a
// status code with a message.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "Philox.h"
#include "ShimTestSupport.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace shimtest;

TEST_CASE("a function entry takes tensors and returns tensors") {
 for (const char *device : kDevices) {
  CAPTURE(device);
  Artifact art("weighted_stats.rmx");
  CHECK(rm_artifact_entry_count(art.a) == 1);
  CHECK(std::string(rm_artifact_entry_name(art.a, 0)) == "weighted_stats");
  size_t nin = 0, nout = 0;
  REQUIRE(rm_entry_input_count(art.a, "weighted_stats", &nin) == RM_OK);
  REQUIRE(rm_entry_output_count(art.a, "weighted_stats", &nout) == RM_OK);
  CHECK(nin == 2);
  CHECK(nout == 4);
  const char *name;
  rm_dtype dtype;
  int rank;
  REQUIRE(rm_entry_input(art.a, nullptr, 1, &name, &dtype, &rank) == RM_OK);
  CHECK(std::string(name) == "w");
  CHECK(dtype == RM_DOUBLE);
  CHECK(rank == 2);

  // x is 3x4 (column-major), w is 1x4.
  const int64_t m = 3, n = 4;
  std::vector<double> x(m * n), w(n);
  for (int64_t i = 0; i < m * n; ++i) x[i] = 0.5 * (double)i - 2.0;
  for (int64_t j = 0; j < n; ++j) w[j] = 1.0 + (double)j;
  Session s(art, nullptr, device);
  int64_t xd[2] = {m, n}, wd[2] = {1, n};
  REQUIRE(rm_session_set_input(s.s, "x", RM_DOUBLE, 2, xd, x.data()) == RM_OK);
  REQUIRE(rm_session_set_input(s.s, "w", RM_DOUBLE, 2, wd, w.data()) == RM_OK);
  REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
  size_t count = 0;
  REQUIRE(rm_session_output_count(s.s, &count) == RM_OK);
  REQUIRE(count == 4);

  std::vector<double> y(m * n);
  double total = 0;
  std::vector<double> colmean(n, 0.0);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < m; ++i) {
      y[i + j * m] = x[i + j * m] * w[j] + 1;
      total += y[i + j * m];
      colmean[j] += y[i + j * m] / m;
    }
  rm_tensor_view out = s.output(0);
  CHECK(std::string(out.name) == "y");
  CHECK(out.dtype == RM_DOUBLE);
  REQUIRE(out.rank == 2);
  CHECK(out.dims[0] == m);
  CHECK(out.dims[1] == n);
  for (int64_t i = 0; i < m * n; ++i) CHECK(((const double *)out.data)[i] == doctest::Approx(y[i]));
  rm_tensor_view cm = s.output(1);
  CHECK(cm.dims[0] == 1);
  CHECK(cm.dims[1] == n);
  for (int64_t j = 0; j < n; ++j) CHECK(((const double *)cm.data)[j] == doctest::Approx(colmean[j]));
  rm_tensor_view tot = s.output(2);
  CHECK(tot.dims[0] == 1);
  CHECK(((const double *)tot.data)[0] == doctest::Approx(total));
  rm_tensor_view first = s.output(3);
  CHECK(((const double *)first.data)[0] == doctest::Approx(y[0 + (n - 1) * m]));

  // The same session runs again with other inputs of another size.
  std::vector<double> x2 = {1, 2}, w2 = {10};
  int64_t x2d[2] = {2, 1}, w2d[2] = {1, 1};
  REQUIRE(rm_session_set_input(s.s, "x", RM_DOUBLE, 2, x2d, x2.data()) == RM_OK);
  REQUIRE(rm_session_set_input(s.s, "w", RM_DOUBLE, 2, w2d, w2.data()) == RM_OK);
  REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
  CHECK(((const double *)s.output(2).data)[0] == doctest::Approx(11 + 21));
 }
}

TEST_CASE("bad inputs are refused with a message") {
  Artifact art("weighted_stats.rmx");
  Session s(art);
  std::vector<float> xf(4, 1.0f);
  int64_t d[2] = {2, 2};
  CHECK(rm_session_set_input(s.s, "x", RM_SINGLE, 2, d, xf.data()) == RM_ERR_ARGUMENT);
  CHECK(std::string(rm_last_error()) == "input 'x' must be double, got single");
  CHECK(rm_session_set_input(s.s, "nope", RM_DOUBLE, 2, d, xf.data()) == RM_ERR_ARGUMENT);
  CHECK(std::string(rm_last_error()).find("'nope' is not an input of weighted_stats") != std::string::npos);
  CHECK(rm_session_run(s.s) == RM_ERR_ARGUMENT);
  CHECK(std::string(rm_last_error()) == "input 'x' is not bound");
  // Columns of x and w disagree: a run-time error naming the sizes, not a crash.
  std::vector<double> x(6, 1.0), w(2, 1.0);
  int64_t xd[2] = {2, 3}, wd[2] = {1, 2};
  REQUIRE(rm_session_set_input(s.s, "x", RM_DOUBLE, 2, xd, x.data()) == RM_OK);
  REQUIRE(rm_session_set_input(s.s, "w", RM_DOUBLE, 2, wd, w.data()) == RM_OK);
  CHECK(rm_session_run(s.s) == RM_ERR_RUNTIME);
  CHECK(std::string(rm_last_error()).find("differ at run time") != std::string::npos);
}

TEST_CASE("random numbers are Philox4x32-10 as Philox.h defines them, on the CPU and the GPU") {
 for (const char *device : kDevices) {
  CAPTURE(device);
  namespace ph = runmat::rt::philox;
  Artifact art("random_draws.rmx");
  Session s(art, nullptr, device);
  const int64_t n = 4099; // more than one vector width, not a multiple of one
  double nv = (double)n;
  int64_t d[2] = {1, 1};
  REQUIRE(rm_session_set_input(s.s, "n", RM_DOUBLE, 2, d, &nv) == RM_OK);
  REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
  const float *u = (const float *)s.output(0).data, *z = (const float *)s.output(1).data;
  const double *ud = (const double *)s.output(2).data, *zd = (const double *)s.output(3).data;
  int uniformSame = 0, doubleSame = 0;
  double worstNormal = 0, worstNormalD = 0;
  for (int64_t i = 0; i < n; ++i) {
    uniformSame += u[i] == ph::uniform(7, 0, (uint64_t)i, 0.0f);
    doubleSame += ud[i] == ph::uniform(7, 2, (uint64_t)i, 0.0);
    float zr = ph::normal(7, 1, (uint64_t)i, 0.0f);
    worstNormal = std::max(worstNormal, (double)std::fabs(z[i] - zr) / std::max(1.0, (double)std::fabs(zr)));
    double zdr = ph::normal(7, 3, (uint64_t)i, 0.0);
    worstNormalD = std::max(worstNormalD, std::fabs(zd[i] - zdr) / std::max(1.0, std::fabs(zdr)));
  }
  // Uniform numbers are exact; normal ones use log and cos, where vector math
  // libraries may differ from the reference by a few units in the last place.
  CHECK(uniformSame == n);
  CHECK(doubleSame == n);
  CHECK(worstNormal < 4e-6);
  CHECK(worstNormalD < 1e-13);
  double mean = 0, var = 0;
  for (int64_t i = 0; i < n; ++i) mean += z[i] / n;
  for (int64_t i = 0; i < n; ++i) var += (z[i] - mean) * (z[i] - mean) / n;
  CHECK(std::fabs(mean) < 0.05);
  CHECK(std::fabs(var - 1) < 0.06);
 }
}

TEST_CASE("single-precision reductions are accurate, on the CPU and the GPU") {
 for (const char *device : kDevices) {
  CAPTURE(device);
  Artifact art("mean_accuracy.rmx");
  Session s(art, nullptr, device);
  const int64_t n = 20'000'000;
  std::vector<float> x(n);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  double exact = 0;
  for (float &v : x) {
    v = dist(rng);
    exact += v;
  }
  int64_t d[2] = {n, 1};
  REQUIRE(rm_session_set_input(s.s, "x", RM_SINGLE, 2, d, x.data()) == RM_OK);
  REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
  float m32 = *(const float *)s.output(0).data, s32 = *(const float *)s.output(1).data;
  CHECK(std::fabs(m32 - exact / n) / (exact / n) < 1e-6);
  CHECK(std::fabs(s32 - exact) / exact < 1e-6);
 }
}

TEST_CASE("parameters are checked before any work") {
  Artifact art("sized_script.rmx");
  size_t np = 0;
  REQUIRE(rm_entry_param_count(art.a, nullptr, &np) == RM_OK);
  CHECK(np == 2);
  const char *name;
  double def;
  REQUIRE(rm_entry_param(art.a, nullptr, 0, &name, &def) == RM_OK);
  CHECK(std::string(name) == "n");
  CHECK(def == 4);
  {
    Session s(art);
    REQUIRE(rm_session_run(s.s) == RM_OK);
    CHECK(std::string(rm_session_text(s.s)) == "sum 12\nrow 1\nrow 1\nrow 1\n");
  }
  auto runWith = [&](const char *param, double value) {
    Session s(art);
    REQUIRE(rm_session_set_param(s.s, param, value) == RM_OK);
    rm_status st = rm_session_run(s.s);
    // rm_last_error describes the last failure; a success leaves it alone.
    return std::make_pair(st, std::string(st == RM_OK ? "" : rm_last_error()) + "|" + rm_session_text(s.s));
  };
  auto neg = runWith("n", -2);
  CHECK(neg.first == RM_ERR_ARGUMENT);
  CHECK(neg.second == "parameter 'n' is used as a size or an index and must be a non-negative integer, got -2|");
  auto frac = runWith("m", 2.5);
  CHECK(frac.first == RM_ERR_ARGUMENT);
  CHECK(frac.second.find("got 2.5") != std::string::npos);
  auto huge = runWith("n", 1e12);
  CHECK(huge.first == RM_ERR_MEMORY);
  CHECK(huge.second.find("more than this machine's") != std::string::npos);
  CHECK(huge.second.back() == '|'); // nothing was printed: no work was done
  auto ok = runWith("n", 2);
  CHECK(ok.first == RM_OK);
  CHECK(ok.second == "|sum 6\nrow 1\nrow 1\nrow 1\n");
  Session s(art);
  CHECK(rm_session_set_param(s.s, "q", 1) == RM_ERR_ARGUMENT);
  CHECK(std::string(rm_last_error()) == "'q' is not a parameter of sized_script (parameters: n, m)");
  CHECK(rm_session_set_option(s.s, "device", "tpu") == RM_ERR_ARGUMENT);
  CHECK(rm_session_set_option(s.s, "threads", "-1") == RM_ERR_ARGUMENT);
  CHECK(rm_session_set_option(s.s, "colour", "red") == RM_ERR_ARGUMENT);
}

TEST_CASE("a failing check stops the run with its message and location") {
  Artifact art("failing_check.rmx");
  Session s(art);
  REQUIRE(rm_session_set_param(s.s, "i", 9) == RM_OK);
  CHECK(rm_session_run(s.s) == RM_ERR_RUNTIME);
  std::string e = rm_last_error();
  CHECK(e.find("index 9 is out of bounds for dimension 1 of extent 5") != std::string::npos);
  CHECK(e.find("failing_check.m:5:") != std::string::npos);
  CHECK(std::string(rm_session_text(s.s)) == "before\n");
  // A parameter used as a subscript is checked before the run.
  REQUIRE(rm_session_set_param(s.s, "i", 1.5) == RM_OK);
  CHECK(rm_session_run(s.s) == RM_ERR_ARGUMENT);
  CHECK(std::string(rm_last_error()).find("parameter 'i' is used as a size or an index and must be a non-negative "
                                          "integer, got 1.5") != std::string::npos);
  REQUIRE(rm_session_set_param(s.s, "i", 3) == RM_OK);
  REQUIRE(rm_session_run(s.s) == RM_OK);
  CHECK(std::string(rm_session_text(s.s)) == "before\n6\n");
}

TEST_CASE("files that are not loadable artifacts are refused") {
  rm_artifact *a = nullptr;
  CHECK(rm_artifact_load(fixture("does_not_exist.rmx").c_str(), &a) == RM_ERR_IO);
  CHECK(std::string(rm_last_error()).find("cannot open artifact") != std::string::npos);
  std::string garbage = fixture("garbage.rmx");
  std::ofstream(garbage) << "this is not an ELF file";
  CHECK(rm_artifact_load(garbage.c_str(), &a) == RM_ERR_FORMAT);
  CHECK(std::string(rm_last_error()).find("not a runmatc artifact (not a shared object)") != std::string::npos);
  // A truncated copy of a real artifact.
  std::ifstream in(fixture("weighted_stats.rmx"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::string truncated = fixture("truncated.rmx");
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  CHECK(rm_artifact_load(truncated.c_str(), &a) == RM_ERR_FORMAT);
  CHECK(rm_artifact_load(fixture("no_descriptor.rmx").c_str(), &a) == RM_ERR_FORMAT);
  CHECK(std::string(rm_last_error()).find("no runmat_artifact descriptor") != std::string::npos);
  CHECK(rm_artifact_load(fixture("bad_magic.rmx").c_str(), &a) == RM_ERR_FORMAT);
  CHECK(std::string(rm_last_error()).find("bad magic number") != std::string::npos);
  CHECK(rm_artifact_load(fixture("bad_abi.rmx").c_str(), &a) == RM_ERR_FORMAT);
  CHECK(std::string(rm_last_error()).find("ABI version 99, but this runtime loads version 4") != std::string::npos);
  CHECK(a == nullptr);
  CHECK(rm_artifact_load(nullptr, &a) == RM_ERR_ARGUMENT);
}
