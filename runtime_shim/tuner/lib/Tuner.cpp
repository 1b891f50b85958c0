#include "runmat/tuner/Tuner.h"

#include "runmat/runmat.h"

#include "runmat/contract/CacheFolder.h"
#include "runmat/contract/ManifestYaml.h"
#include "runmat/contract/TuningDb.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace runmat::tuner {

namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

std::runtime_error shimError(const std::string &what) {
  return std::runtime_error(what + (*rm_last_error() ? std::string(": ") + rm_last_error() : std::string()));
}

struct SessionDeleter {
  void operator()(rm_session *s) const { rm_session_free(s); }
};
using Session = std::unique_ptr<rm_session, SessionDeleter>;

// A run's outputs, kept to compare candidates with the model's.
struct Outputs {
  std::vector<rm_dtype> dtypes;
  std::vector<std::vector<char>> data;
};

Outputs capture(rm_session *s) {
  Outputs o;
  size_t n = 0;
  rm_session_output_count(s, &n);
  for (size_t i = 0; i < n; ++i) {
    rm_tensor_view v{};
    if (rm_session_output(s, i, &v) != RM_OK) throw shimError("reading an output");
    size_t count = 1;
    for (int d = 0; d < v.rank; ++d) count *= (size_t)v.dims[d];
    const size_t bytes = count * (v.dtype == RM_DOUBLE ? 8 : v.dtype == RM_SINGLE ? 4 : 1);
    o.dtypes.push_back(v.dtype);
    o.data.emplace_back((const char *)v.data, (const char *)v.data + bytes);
  }
  return o;
}

// Equal up to the rounding another order of a reduction gives: relative to
// the largest magnitude of the output (1e-4 in single, 1e-10 in double).
template <typename T> bool close(const std::vector<char> &a, const std::vector<char> &b, double tol) {
  const size_t n = a.size() / sizeof(T);
  const T *x = (const T *)a.data(), *y = (const T *)b.data();
  double scale = 0;
  for (size_t i = 0; i < n; ++i)
    if (std::isfinite((double)x[i])) scale = std::max(scale, std::fabs((double)x[i]));
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan((double)x[i]) != std::isnan((double)y[i])) return false;
    if (std::isnan((double)x[i])) continue;
    if (std::isinf((double)x[i]) || std::isinf((double)y[i])) {
      if (x[i] != y[i]) return false;
      continue;
    }
    if (std::fabs((double)x[i] - (double)y[i]) > tol * std::max(1.0, scale)) return false;
  }
  return true;
}

std::string differs(const Outputs &model, const Outputs &candidate) {
  if (model.data.size() != candidate.data.size()) return "another number of outputs";
  for (size_t i = 0; i < model.data.size(); ++i) {
    if (model.data[i].size() != candidate.data[i].size()) return "output " + std::to_string(i + 1) + " has another size";
    const bool same = model.dtypes[i] == RM_DOUBLE   ? close<double>(model.data[i], candidate.data[i], 1e-10)
                      : model.dtypes[i] == RM_SINGLE ? close<float>(model.data[i], candidate.data[i], 1e-4)
                                                     : model.data[i] == candidate.data[i];
    if (!same) return "output " + std::to_string(i + 1) + " differs from the model schedule's";
  }
  return "";
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// What one candidate measured: per kernel the median GPU milliseconds of
// its launches in a run; and the last run's outputs.
struct Measured {
  std::map<int, double> ms;
  std::map<int, int64_t> points;
  Outputs outputs;
  json gpu;
};

class Runner {
public:
  Runner(const rm_artifact *a, const TuneOptions &o) : options_(o) {
    rm_session *s = nullptr;
    if (rm_session_create(a, o.entry.empty() ? nullptr : o.entry.c_str(), &s) != RM_OK)
      throw shimError("cannot create a session");
    session_.reset(s);
    for (const auto &[name, value] : o.params)
      if (rm_session_set_param(s, name.c_str(), value) != RM_OK) throw shimError("parameter " + name);
    set("device", "gpu");
    set("timing", "on");
    rm_session_set_print(s, [](const char *, size_t, void *) {}, nullptr);
  }

  void set(const std::string &key, const std::string &value) {
    if (rm_session_set_option(session_.get(), key.c_str(), value.c_str()) != RM_OK)
      throw shimError("option " + key + "=" + value);
  }

  // A warm-up run (pipelines built), then `repeats` timed runs.
  Measured measure() {
    std::map<int, std::vector<double>> samples;
    Measured m;
    for (int r = 0; r <= options_.repeats; ++r) {
      if (rm_session_run(session_.get()) != RM_OK) throw shimError("a run failed");
      if (r == 0) continue;
      json t = json::parse(rm_session_telemetry(session_.get()));
      for (const json &k : t["kernels"]) {
        if (k.value("device", "") != "gpu") continue;
        const int id = k["id"].get<int>();
        samples[id].push_back(k.value("gpu_seconds", 0.0) * 1e3);
        m.points[id] = k.value("points", (int64_t)0);
      }
      if (r == options_.repeats) m.gpu = t["gpu"];
    }
    for (auto &[id, v] : samples) m.ms[id] = median(v);
    m.outputs = capture(session_.get());
    return m;
  }

private:
  const TuneOptions &options_;
  Session session_;
};

constexpr int kSweeps = 2; // passes of coordinate descent over the rounds

// One round of coordinate descent: each kernel tries one field at the
// values given, from its best schedule so far.
struct Round {
  const char *what;
  std::function<bool(const KernelInfo &)> applies;
  std::vector<std::string> values; // spellings of the one field
};

TuningDb loadDatabase(const std::string &path, const std::string &deviceKey, const TuneOptions &o) {
  TuningDb db;
  std::ifstream in(path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    try {
      db = readTuningDb(text.str());
      if (db.deviceKey != deviceKey) {
        if (o.progress) o.progress("note: " + path + " was tuned on another device (" + db.deviceKey + "); replaced");
        db = TuningDb{};
      }
    } catch (const std::runtime_error &e) {
      if (o.progress) o.progress(std::string("note: ") + path + " not read (" + e.what() + "); replaced");
      db = TuningDb{};
    }
  }
  db.deviceKey = deviceKey;
  return db;
}

} // namespace

void addParams(const std::vector<std::string> &params, TuneOptions &options) {
  for (const std::string &p : params) {
    const size_t eq = p.find('=');
    char *end = nullptr;
    const double v = eq == std::string::npos ? 0 : std::strtod(p.c_str() + eq + 1, &end);
    if (eq == std::string::npos || eq == 0 || eq + 1 == p.size() || *end)
      throw std::runtime_error("-p expects name=value with a number, got '" + p + "'");
    options.params.push_back({p.substr(0, eq), v});
  }
}

TuneResult tune(const rm_artifact *artifact, const TuneOptions &options) {
  const auto started = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
  auto say = [&](const std::string &line) {
    if (options.progress) {
      char at[32];
      std::snprintf(at, sizeof at, "[%.1fs] ", elapsed());
      options.progress(at + line);
    }
  };
  const Manifest manifest = readManifest(rm_artifact_manifest(artifact));
  Runner runner(artifact, options);

  say("the model's schedules");
  const Measured model = runner.measure();
  TuneResult result;
  result.device = model.gpu.value("device", "");
  result.deviceKey = model.gpu.value("identity", "");
  if (model.ms.empty()) throw std::runtime_error("no kernel ran on the GPU (is there one? runmat-run accel-info)");
  if (result.deviceKey.empty()) throw std::runtime_error("the GPU has no identity key");

  std::map<int, KernelSchedule> best;
  std::map<int, double> bestMs = model.ms;
  for (const auto &[id, ms] : model.ms) {
    const KernelInfo &k = manifest.kernels.at((size_t)id);
    best[id] = k.schedules.empty() ? KernelSchedule{} : k.schedules[0];
  }
  auto flatForm = [](const KernelInfo &k) { return k.isReduce() && !k.flatStreamed.empty(); };
  const std::vector<Round> rounds = {
      {"workgroup size", [](const KernelInfo &) { return true; },
       {"wg=32", "wg=64", "wg=128", "wg=256", "wg=512", "wg=1024"}},
      {"workgroups per compute unit", [](const KernelInfo &) { return true; },
       {"groups=1", "groups=2", "groups=4", "groups=8", "groups=16", "groups=32", "groups=64"}},
      {"flat workgroups per compute unit", flatForm, {"flat=1", "flat=2", "flat=4", "flat=8", "flat=16", "flat=32"}},
      {"reduction form", flatForm, {"form=split", "form=auto"}},
  };
  // Two sweeps of the rounds: the fields interact (a smaller workgroup may
  // want more of them per unit), so the second starts from the first's
  // winners. A value every kernel already has is not tried again.
  for (int sweep = 0; sweep < kSweeps; ++sweep) {
    for (const Round &round : rounds) {
      for (const std::string &value : round.values) {
        if (elapsed() > options.budgetSeconds) {
          result.budgetSpent = true;
          break;
        }
        // Every kernel the round applies to tries the value; the others keep their best.
        std::map<int, KernelSchedule> tried;
        bool anyNew = false;
        for (const auto &[id, s] : best) {
          const KernelInfo &k = manifest.kernels.at((size_t)id);
          tried[id] = round.applies(k) ? KernelSchedule::parse(value, s) : s;
          anyNew = anyNew || tried[id].spelling() != s.spelling();
        }
        if (sweep > 0 && !anyNew) continue;
        for (const auto &[id, s] : tried) runner.set("schedule." + std::to_string(id), s.spelling());
        say(std::string(round.what) + ": " + value + (sweep > 0 ? " (second sweep)" : ""));
        Measured m = runner.measure();
        ++result.candidates;
        if (std::string why = differs(model.outputs, m.outputs); !why.empty()) {
          ++result.rejected;
          say("  rejected: " + why);
          continue;
        }
        for (const auto &[id, ms] : m.ms)
          if (tried.count(id) && ms < bestMs[id]) {
            bestMs[id] = ms;
            best[id] = tried[id];
          }
      }
    }
  }
  // The winners together, checked once more and measured as they will run.
  for (const auto &[id, s] : best) runner.set("schedule." + std::to_string(id), s.spelling());
  say("the winners together");
  Measured final = runner.measure();
  if (std::string why = differs(model.outputs, final.outputs); !why.empty())
    throw std::runtime_error("the winners together: " + why);

  result.database = options.database.empty() ? cacheFile(tuningDbFileName(result.deviceKey)) : options.database;
  if (result.database.empty()) throw std::runtime_error("no cache folder for the tuning database: give one");
  TuningDb db = loadDatabase(result.database, result.deviceKey, options);
  db.deviceName = result.device;
  const KernelSchedule modelDefault;
  // Kernels of one structure at one size bucket share an entry: the one
  // that saves the most keeps it (pca's two column-norm reductions).
  std::map<std::pair<std::string, int>, double> savedBy;
  for (const auto &[id, modelMs] : model.ms) {
    const KernelInfo &k = manifest.kernels.at((size_t)id);
    TunedKernelResult r;
    r.kernel = id;
    for (const std::string &c : k.covers) r.covers += (r.covers.empty() ? "" : "; ") + c;
    r.modelMs = modelMs;
    r.tunedMs = final.ms.count(id) ? final.ms.at(id) : modelMs;
    r.points = model.points.count(id) ? model.points.at(id) : 0;
    const KernelSchedule &m0 = k.schedules.empty() ? modelDefault : k.schedules[0];
    const bool changed = best[id].spelling() != m0.spelling();
    if (changed && r.tunedMs <= (1 - options.minGain) * modelMs && !k.fingerprint.empty()) {
      r.spelling = best[id].spelling();
      TunedKernel t;
      t.fingerprint = k.fingerprint;
      t.label = r.covers;
      t.schedule = best[id];
      t.schedule.source = ScheduleSource::Tuned;
      t.schedule.bucket = pointsBucket(std::max<int64_t>(1, r.points));
      t.schedule.device = result.deviceKey;
      t.tunedMs = r.tunedMs;
      t.modelMs = modelMs;
      const auto key = std::make_pair(t.fingerprint, t.schedule.bucket);
      if (!savedBy.count(key) || modelMs - r.tunedMs > savedBy[key]) {
        result.written += !savedBy.count(key);
        savedBy[key] = modelMs - r.tunedMs;
        db.add(t);
      }
    }
    result.kernels.push_back(r);
  }
  std::string error;
  if (!writeCacheFile(result.database, writeTuningDb(db), error)) throw std::runtime_error(error);
  result.seconds = elapsed();
  return result;
}

std::string describe(const TuneResult &r) {
  std::ostringstream out;
  char line[512];
  out << "tuned on " << r.device << " (" << r.deviceKey << "): " << r.candidates << " candidate rounds"
      << (r.rejected ? ", " + std::to_string(r.rejected) + " rejected (outputs differed)" : std::string())
      << (r.budgetSpent ? ", stopped at the time budget" : "") << ", " << std::fixed;
  out.precision(1);
  out << r.seconds << " s\n";
  std::snprintf(line, sizeof line, "  %-6s %10s %10s %7s  %-36s %s\n", "kernel", "model ms", "tuned ms", "gain",
                "schedule", "computes");
  out << line;
  for (const TunedKernelResult &k : r.kernels) {
    const std::string gain = k.spelling.empty() ? "-" : std::to_string(k.modelMs / std::max(1e-9, k.tunedMs)).substr(0, 4) + "x";
    std::snprintf(line, sizeof line, "  k%-5d %10.4f %10.4f %7s  %-36s %s\n", k.kernel, k.modelMs,
                  k.spelling.empty() ? k.modelMs : k.tunedMs, gain.c_str(),
                  k.spelling.empty() ? "(the model's)" : k.spelling.c_str(), k.covers.substr(0, 80).c_str());
    out << line;
  }
  out << "wrote " << r.written << (r.written == 1 ? " schedule" : " schedules") << " to " << r.database << "\n";
  return out.str();
}

} // namespace runmat::tuner
