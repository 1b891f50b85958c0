// A session: one entry of a loaded artifact, its parameters, inputs and
// options, and what lasts from run to run: the session's devices (the GPU's
// buffers, pipelines and recorded command buffers), the host buffer cache,
// the outputs and text of the last run, and the figures of recent runs.
#pragma once

#include "Artifact.h"
#include "Devices.h"
#include "Exec.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace runmat::rt {

struct OutputCopy {
  std::string name;
  int dtype = RM_DOUBLE;
  std::vector<int64_t> dims;
  std::vector<char> data;
};

// Runs the session's entry once (Run.cpp); on failure `error` says why.
rm_status runSession(rm_session *s, std::string &error);
// The telemetry document of the last run, with the recent runs' figures.
std::string sessionTelemetry(const rm_session *s);

} // namespace runmat::rt

struct rm_session {
  explicit rm_session(const rm_artifact *a) : artifact(a), devices(a) {}
  const rm_artifact *artifact = nullptr;
  const runmat::EntryInfo *entry = nullptr;
  std::map<std::string, double> params;
  std::vector<std::vector<char>> inputData;
  std::vector<std::vector<int64_t>> inputDims;
  std::vector<int> inputDtype;
  std::vector<bool> inputBound;
  std::string device = "auto";
  unsigned threads = 0;
  bool verbose = false;
  std::string timing = "auto"; // GPU timestamps around every dispatch: on, off, or auto (with telemetry or verbose)
  std::string telemetry;
  // Schedules asked for by the option schedule.<kernel> (runmatc tune,
  // experiments): they take the place of the manifest's for that kernel.
  std::map<int, runmat::KernelSchedule> schedules;
  rm_print_fn printFn = nullptr;
  void *printUser = nullptr;
  std::string text;
  // The last run's outputs; the run before's stay valid until the last run returned.
  std::vector<runmat::rt::OutputCopy> outputs, previousOutputs;
  uint64_t launches = 0;
  runmat::rt::BufferCache cache;
  runmat::rt::SessionDevices devices; // after `cache`: destroyed first
  uint64_t runs = 0;
  std::vector<double> checkedParams;  // the parameters whose buffers were last checked
  runmat::rt::Telemetry last;         // the last run's telemetry
  std::deque<runmat::rt::RunFigures> history; // recent runs' figures, oldest first
  rm_run_stats lastStats{};
  std::string telemetryText;          // rm_session_telemetry's answer
};
