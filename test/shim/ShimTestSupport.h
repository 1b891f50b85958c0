// What the C API tests share: fixtures compiled by runmatc at build time
// (test/shim/fixtures), and RAII holders of artifacts and sessions.
#pragma once

#include "runmat/runmat.h"

#include <doctest/doctest.h>

#include <string>

namespace shimtest {

inline std::string fixture(const char *name) { return std::string(RUNMAT_FIXTURES) + "/" + name; }

struct Artifact {
  rm_artifact *a = nullptr;
  explicit Artifact(const char *name) {
    REQUIRE_MESSAGE(rm_artifact_load(fixture(name).c_str(), &a) == RM_OK, rm_last_error());
  }
  ~Artifact() { rm_artifact_free(a); }
};

struct Session {
  rm_session *s = nullptr;
  Session(const Artifact &art, const char *entry = nullptr, const char *device = nullptr) {
    REQUIRE_MESSAGE(rm_session_create(art.a, entry, &s) == RM_OK, rm_last_error());
    if (device) REQUIRE_MESSAGE(rm_session_set_option(s, "device", device) == RM_OK, rm_last_error());
  }
  ~Session() { rm_session_free(s); }
  rm_tensor_view output(size_t i) {
    rm_tensor_view v;
    REQUIRE_MESSAGE(rm_session_output(s, i, &v) == RM_OK, rm_last_error());
    return v;
  }
  rm_run_stats stats() {
    rm_run_stats r{};
    r.size = sizeof r;
    REQUIRE_MESSAGE(rm_session_last_run(s, &r) == RM_OK, rm_last_error());
    return r;
  }
};

// The devices the tests run on: the CPU, and the GPU (lavapipe in CI).
inline const char *const kDevices[] = {"cpu", "gpu"};

} // namespace shimtest
