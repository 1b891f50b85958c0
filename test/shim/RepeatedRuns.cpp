// A VM runs a loaded artifact again and again in one session (issue 15):
// repeated runs give identical results and replay the command buffers they
// recorded; a change of sizes (a parameter, an input of another shape)
// records afresh and gives the right answer; outputs of run k stay readable
// while run k+1 happens; a failed run leaves the session usable; the
// session's device memory does not grow from run to run.
#include "ShimTestSupport.h"

#include <cstring>
#include <string>
#include <vector>

using namespace shimtest;

namespace {

std::vector<char> bytesOf(const rm_tensor_view &v) {
  size_t n = 1;
  for (int k = 0; k < v.rank; ++k) n *= (size_t)v.dims[k];
  size_t es = v.dtype == RM_DOUBLE ? 8 : v.dtype == RM_SINGLE ? 4 : 1;
  return std::vector<char>((const char *)v.data, (const char *)v.data + n * es);
}

// weighted_stats of an m x n x with weights 1..n: every output's bytes.
std::vector<std::vector<char>> weightedStats(Session &s, int64_t m, int64_t n) {
  std::vector<double> x((size_t)(m * n)), w((size_t)n);
  for (int64_t i = 0; i < m * n; ++i) x[(size_t)i] = 0.25 * (double)i - 3.0;
  for (int64_t j = 0; j < n; ++j) w[(size_t)j] = 1.0 + (double)j;
  int64_t xd[2] = {m, n}, wd[2] = {1, n};
  REQUIRE(rm_session_set_input(s.s, "x", RM_DOUBLE, 2, xd, x.data()) == RM_OK);
  REQUIRE(rm_session_set_input(s.s, "w", RM_DOUBLE, 2, wd, w.data()) == RM_OK);
  REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
  std::vector<std::vector<char>> out;
  for (size_t i = 0; i < 4; ++i) out.push_back(bytesOf(s.output(i)));
  return out;
}

} // namespace

TEST_CASE("repeated runs give identical results, and the GPU replays what it recorded") {
  for (const char *device : kDevices) {
    CAPTURE(device);
    Artifact art("weighted_stats.rmx");
    Session s(art, nullptr, device);
    const auto first = weightedStats(s, 6, 5);
    const rm_run_stats one = s.stats();
    CHECK(one.run == 1);
    for (int run = 2; run <= 6; ++run) {
      CAPTURE(run);
      CHECK(weightedStats(s, 6, 5) == first);
      const rm_run_stats r = s.stats();
      CHECK(r.run == (uint64_t)run);
      CHECK(r.launches == one.launches);
      if (std::strcmp(device, "gpu") == 0) {
        CHECK(one.recorded_segments > 0);
        CHECK(r.recorded_segments == 0);
        CHECK(r.replayed_segments == one.recorded_segments);
        CHECK(r.submits == one.submits);
      } else {
        CHECK(r.dispatches == 0);
      }
    }
  }
}

TEST_CASE("a run with other sizes records afresh and gives the right answer") {
  for (const char *device : kDevices) {
    CAPTURE(device);
    Artifact art("weighted_stats.rmx");
    Session s(art, nullptr, device);
    const auto small = weightedStats(s, 6, 5);
    weightedStats(s, 6, 5);
    // An input of another shape: the answer of a fresh session.
    const auto large = weightedStats(s, 9, 7);
    if (std::strcmp(device, "gpu") == 0) CHECK(s.stats().recorded_segments > 0);
    {
      Session fresh(art, nullptr, device);
      CHECK(weightedStats(fresh, 9, 7) == large);
    }
    CHECK(weightedStats(s, 6, 5) == small);

    // A parameter that changes sizes, back and forth.
    Artifact script("sized_script.rmx");
    Session p(script, nullptr, device);
    const char *expect[] = {"sum 12\nrow 1\nrow 1\nrow 1\n", "sum 35\nrow 1\nrow 1\nrow 1\nrow 1\nrow 1\n"};
    const double m[] = {3, 5}, n[] = {4, 7};
    for (int round = 0; round < 4; ++round) {
      CAPTURE(round);
      REQUIRE(rm_session_set_param(p.s, "n", n[round % 2]) == RM_OK);
      REQUIRE(rm_session_set_param(p.s, "m", m[round % 2]) == RM_OK);
      REQUIRE_MESSAGE(rm_session_run(p.s) == RM_OK, rm_last_error());
      CHECK(std::string(rm_session_text(p.s)) == expect[round % 2]);
      REQUIRE_MESSAGE(rm_session_run(p.s) == RM_OK, rm_last_error()); // the same sizes again
      CHECK(std::string(rm_session_text(p.s)) == expect[round % 2]);
      if (std::strcmp(device, "gpu") == 0) CHECK(p.stats().recorded_segments == 0);
    }
  }
}

namespace {

struct Reader {
  const rm_tensor_view *view = nullptr;
  std::vector<char> expected;
  int reads = 0, good = 0;
};

// Print callback of run k+1: run k's output must still be there.
void readOldOutput(const char *, size_t, void *user) {
  auto *r = static_cast<Reader *>(user);
  r->reads++;
  if (bytesOf(*r->view) == r->expected) r->good++;
}

} // namespace

TEST_CASE("outputs of a run stay readable while the next run happens") {
  for (const char *device : kDevices) {
    CAPTURE(device);
    Artifact art("printing_stats.rmx");
    Session s(art, nullptr, device);
    std::vector<double> a(12), b(20);
    for (size_t i = 0; i < a.size(); ++i) a[i] = (double)i;
    for (size_t i = 0; i < b.size(); ++i) b[i] = -(double)i;
    int64_t ad[2] = {3, 4}, bd[2] = {4, 5};
    REQUIRE(rm_session_set_input(s.s, "x", RM_DOUBLE, 2, ad, a.data()) == RM_OK);
    REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
    CHECK(std::string(rm_session_text(s.s)) == "total 144\n");
    rm_tensor_view y = s.output(0);
    Reader reader;
    reader.view = &y;
    reader.expected = bytesOf(y);
    CHECK(((const double *)y.data)[11] == 23.0);
    REQUIRE(rm_session_set_print(s.s, readOldOutput, &reader) == RM_OK);
    REQUIRE(rm_session_set_input(s.s, "x", RM_DOUBLE, 2, bd, b.data()) == RM_OK);
    REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
    CHECK(reader.reads == 1);
    CHECK(reader.good == 1);
    rm_tensor_view y2 = s.output(0);
    CHECK(y2.dims[0] == 4);
    CHECK(((const double *)y2.data)[19] == -37.0);
  }
}

TEST_CASE("a failed run leaves the session usable") {
  for (const char *device : kDevices) {
    CAPTURE(device);
    Artifact art("failing_check.rmx");
    Session s(art, nullptr, device);
    for (int round = 0; round < 3; ++round) {
      CAPTURE(round);
      REQUIRE(rm_session_set_param(s.s, "i", 3) == RM_OK);
      REQUIRE_MESSAGE(rm_session_run(s.s) == RM_OK, rm_last_error());
      CHECK(std::string(rm_session_text(s.s)) == "before\n6\n");
      REQUIRE(rm_session_set_param(s.s, "i", 9) == RM_OK);
      CHECK(rm_session_run(s.s) == RM_ERR_RUNTIME);
      CHECK(std::string(rm_session_text(s.s)) == "before\n");
      size_t count = 7;
      REQUIRE(rm_session_output_count(s.s, &count) == RM_OK);
      CHECK(count == 0);
    }
  }
}

TEST_CASE("the session's device memory does not grow from run to run") {
  Artifact art("weighted_stats.rmx");
  Session s(art, nullptr, "gpu");
  weightedStats(s, 200, 300);
  weightedStats(s, 200, 300);
  const rm_run_stats second = s.stats();
  CHECK(second.held_device_bytes > 0);
  CHECK(second.peak_tensor_bytes >= (uint64_t)(200 * 300 * 8));
  for (int run = 0; run < 30; ++run) {
    weightedStats(s, 200, 300);
    const rm_run_stats r = s.stats();
    CHECK(r.held_device_bytes == second.held_device_bytes);
    CHECK(r.peak_device_bytes == second.peak_device_bytes);
  }
  // Smaller runs give back what they no longer use.
  weightedStats(s, 20, 30);
  CHECK(s.stats().held_device_bytes < second.held_device_bytes);
}
