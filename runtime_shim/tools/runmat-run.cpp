// runmat-run: loads an artifact and runs an entry through the runtime shim's
// C API, as the RunMat VM would, printing what the program prints.
//
//   runmat-run prog.rmx [-p name=value]... [--device auto|cpu|gpu] [--entry NAME] [--repeat N]
//   runmat-run accel-info [--json]   the accelerators the runtime sees, their calibration, decisions
//   runmat-run calibrate [--force]   measure (or show) the devices' calibration for --device auto
//   runmat-run tune prog.rmx [-p name=value]...   measure GPU schedules into a tuning database
#include "RepeatReport.h"
#include "runmat/runmat.h"
#include "runmat/tuner/Tuner.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

int fail(const char *what) {
  std::fprintf(stderr, "runmat-run: error: %s%s%s\n", what, *rm_last_error() ? ": " : "", rm_last_error());
  return 1;
}

void printToStdout(const char *text, size_t length, void *) {
  std::fwrite(text, 1, length, stdout);
  std::fflush(stdout);
}

// Runs after the first print into a string, to be compared with the first's.
void printToString(const char *text, size_t length, void *user) { static_cast<std::string *>(user)->append(text, length); }

// The first of several runs prints and keeps what it printed.
void printAndKeep(const char *text, size_t length, void *user) {
  printToStdout(text, length, nullptr);
  printToString(text, length, user);
}

} // namespace

void progressToStderr(const char *line, void *) { std::fprintf(stderr, "runmat-run: %s\n", line); }

// runmat-run tune: the tuner of runmatc tune, for an artifact already built
// (a GPU machine without the compiler).
int tuneCommand(int argc, char **argv) {
  CLI::App app{"runmat-run tune: run an artifact's kernels on the GPU with candidate schedules and keep the fastest "
               "in a tuning database that later compiles take (docs/tuning.md)"};
  std::string path;
  std::vector<std::string> params;
  runmat::tuner::TuneOptions options;
  app.add_option("artifact", path, "artifact (.rmx) built by runmatc compile")->required();
  app.add_option("-p,--param", params, "set a parameter: name=value (repeatable); the sizes to tune at");
  app.add_option("--entry", options.entry, "entry to run (default: the first)");
  app.add_option("--repeats", options.repeats, "timed runs per candidate (medians; default 9)")->check(CLI::Range(1, 1000));
  app.add_option("--budget", options.budgetSeconds, "seconds to spend on candidates at most (default 50)")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--tuning-db", options.database,
                 "the database to merge the winners into (default: tuning-<device>.yaml in the runmat cache folder)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  }
  try {
    runmat::tuner::addParams(params, options);
  } catch (const std::runtime_error &e) {
    std::fprintf(stderr, "runmat-run: error: %s\n", e.what());
    return 2;
  }
  options.progress = [](const std::string &line) { std::fprintf(stderr, "runmat-run: tune: %s\n", line.c_str()); };
  rm_artifact *artifact = nullptr;
  if (rm_artifact_load(path.c_str(), &artifact) != RM_OK) return fail("cannot load the artifact");
  int status = 0;
  try {
    std::fputs(runmat::tuner::describe(runmat::tuner::tune(artifact, options)).c_str(), stdout);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "runmat-run: error: tune: %s\n", e.what());
    status = 1;
  }
  rm_artifact_free(artifact);
  return status;
}

int main(int argc, char **argv) {
  if (argc >= 2 && std::strcmp(argv[1], "accel-info") == 0) {
    if (argc > 3 || (argc == 3 && std::strcmp(argv[2], "--json") != 0)) {
      std::fprintf(stderr, "runmat-run: usage: runmat-run accel-info [--json]\n");
      return 2;
    }
    std::fputs(argc == 3 ? rm_accel_info_json() : rm_accel_info(), stdout);
    return 0;
  }
  if (argc >= 2 && std::strcmp(argv[1], "tune") == 0) return tuneCommand(argc - 1, argv + 1);
  if (argc >= 2 && std::strcmp(argv[1], "calibrate") == 0) {
    if (argc > 3 || (argc == 3 && std::strcmp(argv[2], "--force") != 0)) {
      std::fprintf(stderr, "runmat-run: usage: runmat-run calibrate [--force]\n");
      return 2;
    }
    std::fputs(rm_calibrate(argc == 3, progressToStderr, nullptr), stdout);
    return 0;
  }
  CLI::App app{"runmat-run: run an artifact compiled by runmatc through the runtime shim\n"
               "  runmat-run accel-info [--json]: the accelerators (Vulkan devices), their calibration, the sizes at\n"
               "    which auto switches device, the last session's decisions\n"
               "  runmat-run calibrate [--force]: measure the CPU's and the GPU's rates for --device auto (kept in\n"
               "    the cache folder; --force measures again)\n"
               "  runmat-run tune prog.rmx [-p name=value]... [--budget S] [--tuning-db FILE]: measure GPU schedules\n"
               "    of each kernel and keep the fastest in a tuning database (runmat-run tune --help)"};
  std::string path, entry, device = "auto", telemetry;
  std::vector<std::string> params;
  unsigned threads = 0, repeat = 1;
  std::string timing = "auto";
  bool verbose = false, listOnly = false, showManifest = false;
  app.add_option("artifact", path, "artifact (.rmx) built by runmatc compile")->required();
  app.add_option("-p,--param", params, "set a parameter: name=value (repeatable)");
  std::string dumpSpirv;
  app.add_option("--device", device,
                 "where kernels run: auto (the cost model decides per launch), cpu, or gpu (every kernel on the "
                 "GPU, an error if it cannot; RUNMAT_DEVICE picks the GPU by index or name)")
      ->check(CLI::IsMember({"auto", "cpu", "gpu"}));
  std::vector<std::string> schedules;
  app.add_option("--schedule", schedules,
                 "run kernel K with this GPU schedule in place of the manifest's: K:wg=256,groups=16,flat=8,"
                 "form=auto|split (any of them; repeatable; docs/tuning.md)");
  app.add_option("--entry", entry, "entry to run (default: the first)");
  app.add_option("--threads", threads, "CPU threads for kernels (default: all cores)");
  app.add_option("--telemetry", telemetry, "write per-kernel decisions and timings to this JSON file (with "
                                          "--repeat: once, after the last run, with every run's figures)");
  app.add_option("--repeat", repeat,
                 "run the entry N times in one session, as a VM does, and report on standard error the first run "
                 "and the median and minimum of the others: wall time, submits, waits, replayed command buffers, "
                 "device memory; and the GPU kernel and idle times of one more run, timed (what the program prints "
                 "is shown once)")
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--timing", timing,
                 "GPU timestamps around every dispatch, for kernel and idle times (they cost about 2 us a "
                 "dispatch): on, off, or auto (on with --telemetry or -v; with --repeat, in one extra run only)")
      ->check(CLI::IsMember({"auto", "on", "off"}));
  app.add_flag("-v,--verbose", verbose, "report device decisions on standard error");
  app.add_flag("--list", listOnly, "list the artifact's entries and parameters instead of running");
  app.add_flag("--manifest", showManifest, "print the artifact's manifest instead of running");
  app.add_option("--dump-spirv", dumpSpirv, "write the artifact's SPIR-V modules to this folder (module<i>.spv) "
                                            "instead of running");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  }

  rm_artifact *artifact = nullptr;
  if (rm_artifact_load(path.c_str(), &artifact) != RM_OK) return fail("cannot load the artifact");
  if (showManifest) {
    std::fputs(rm_artifact_manifest(artifact), stdout);
    rm_artifact_free(artifact);
    return 0;
  }
  if (!dumpSpirv.empty()) {
    for (size_t i = 0; i < rm_artifact_spirv_count(artifact); ++i) {
      const uint32_t *words = nullptr;
      size_t count = 0;
      rm_artifact_spirv(artifact, i, &words, &count);
      std::string file = dumpSpirv + "/module" + std::to_string(i) + ".spv";
      std::ofstream out(file, std::ios::binary);
      out.write(reinterpret_cast<const char *>(words), (std::streamsize)(count * 4));
      if (!out) {
        std::fprintf(stderr, "runmat-run: error: cannot write %s\n", file.c_str());
        return 1;
      }
    }
    std::printf("%zu modules\n", rm_artifact_spirv_count(artifact));
    rm_artifact_free(artifact);
    return 0;
  }
  const char *entryName = entry.empty() ? nullptr : entry.c_str();
  if (listOnly) {
    for (size_t i = 0; i < rm_artifact_entry_count(artifact); ++i) {
      const char *e = rm_artifact_entry_name(artifact, i);
      size_t n = 0;
      rm_entry_param_count(artifact, e, &n);
      std::printf("%s", e);
      for (size_t p = 0; p < n; ++p) {
        const char *name;
        double def;
        rm_entry_param(artifact, e, p, &name, &def);
        // NaN: the program computes the default (from the environment, say).
        if (std::isnan(def)) std::printf(" %s=(computed)", name);
        else std::printf(" %s=%.17g", name, def);
      }
      std::printf("\n");
    }
    rm_artifact_free(artifact);
    return 0;
  }
  rm_session *session = nullptr;
  if (rm_session_create(artifact, entryName, &session) != RM_OK) return fail("cannot create a session");
  int status = 0;
  for (const std::string &p : params) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "runmat-run: error: -p expects name=value, got '%s'\n", p.c_str());
      return 2;
    }
    std::string name = p.substr(0, eq), value = p.substr(eq + 1);
    char *end = nullptr;
    double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end) {
      std::fprintf(stderr, "runmat-run: error: the value of parameter '%s' is not a number: '%s'\n", name.c_str(),
                   value.c_str());
      return 2;
    }
    if (rm_session_set_param(session, name.c_str(), v) != RM_OK) return fail("bad parameter") ? 2 : 2;
  }
  for (const std::string &sch : schedules) {
    size_t colon = sch.find(':');
    if (colon == std::string::npos || colon == 0) {
      std::fprintf(stderr, "runmat-run: error: --schedule expects K:spec, got '%s'\n", sch.c_str());
      return 2;
    }
    const std::string key = "schedule." + sch.substr(0, colon);
    if (rm_session_set_option(session, key.c_str(), sch.substr(colon + 1).c_str()) != RM_OK)
      return fail("bad schedule") ? 2 : 2;
  }
  if (rm_session_set_option(session, "device", device.c_str()) != RM_OK) return fail("bad device") ? 2 : 2;
  if (rm_session_set_option(session, "threads", std::to_string(threads).c_str()) != RM_OK) return 2;
  rm_session_set_option(session, "verbose", verbose ? "1" : "0");
  // With --repeat, auto leaves the runs as a VM gets them (untimed) and times one more.
  const bool extraTimedRun = repeat > 1 && timing == "auto";
  rm_session_set_option(session, "timing", extraTimedRun ? "off" : timing.c_str());
  if (!telemetry.empty() && repeat == 1) rm_session_set_option(session, "telemetry", telemetry.c_str());
  std::vector<rm_run_stats> runs;
  std::string text, first;
  if (repeat > 1) rm_session_set_print(session, printAndKeep, &first);
  else rm_session_set_print(session, printToStdout, nullptr);
  for (unsigned i = 0; i < repeat && status == 0; ++i) {
    if (i == 1) {
      // Later runs print into a string, which should be what the first printed.
      rm_session_set_print(session, printToString, &text);
      rm_session_set_option(session, "verbose", "0");
    }
    if (i > 0 && i + 1 == repeat && verbose) rm_session_set_option(session, "verbose", "1");
    if (i > 0) text.clear();
    if (rm_session_run(session) != RM_OK) {
      status = repeat > 1 ? fail(("run " + std::to_string(i + 1) + " stopped").c_str()) : fail("the program stopped");
      break;
    }
    rm_run_stats stats{};
    stats.size = sizeof stats;
    rm_session_last_run(session, &stats);
    runs.push_back(stats);
    if (i > 0 && text != first)
      std::fprintf(stderr, "runmat-run: note: run %u printed other text than run 1\n", i + 1);
  }
  rm_run_stats timed{};
  timed.size = sizeof timed;
  if (extraTimedRun && status == 0) {
    rm_session_set_option(session, "timing", "on");
    if (rm_session_run(session) != RM_OK) status = fail("the timed run stopped");
    else rm_session_last_run(session, &timed);
  }
  if (repeat > 1 && !runs.empty()) {
    const char *e = entryName ? entryName : rm_artifact_entry_name(artifact, 0);
    std::fputs(runmat::tools::repeatReport(runs, extraTimedRun && timed.run ? &timed : nullptr, e ? e : "", device)
                   .c_str(),
               stderr);
    if (!telemetry.empty()) {
      std::ofstream out(telemetry);
      out << rm_session_telemetry(session);
      if (!out) std::fprintf(stderr, "runmat-run: error: cannot write %s\n", telemetry.c_str()), status = 1;
    }
  }
  rm_session_free(session);
  rm_artifact_free(artifact);
  return status;
}
