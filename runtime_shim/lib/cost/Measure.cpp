#include "Measure.h"

#include "../Session.h"
#include "../gpu/GpuDevice.h"
#include "../gpu/TransferProbe.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>
#include <vector>

namespace runmat::rt {

namespace {

using Clock = std::chrono::steady_clock;

bool isFolder(const std::string &p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// One calibration program, loaded, with a session on the measured device.
// Sessions of the GPU start it at once, so that every program's pipelines
// are built in the background together (PipelineWarmer) while the first
// ones are measured.
struct Program {
  rm_artifact *artifact = nullptr;
  rm_session *session = nullptr;
  std::string name; // for RUNMAT_CALIBRATION_TRACE
  Program(const std::string &path, const std::string &device, unsigned threads)
      : name(path.substr(path.rfind('/') + 1)) {
    if (rm_artifact_load(path.c_str(), &artifact) != RM_OK) {
      artifact = nullptr;
      return;
    }
    if (rm_session_create(artifact, nullptr, &session) != RM_OK) {
      session = nullptr;
      return;
    }
    rm_session_set_option(session, "device", device.c_str());
    rm_session_set_option(session, "timing", "on");
    if (threads) rm_session_set_option(session, "threads", std::to_string(threads).c_str());
    if (device == "gpu") session->devices.startGpu();
  }
  ~Program() {
    rm_session_free(session);
    rm_artifact_free(artifact);
  }
};

struct Inputs {
  std::map<std::string, double> params;
  std::vector<std::pair<std::string, std::vector<int64_t>>> tensors; // single-precision, filled with 0.5..1.5
};

size_t valuesOf(const Inputs &in) {
  size_t largest = 0;
  for (const auto &[name, dims] : in.tensors) {
    size_t n = 1;
    for (int64_t d : dims) n *= (size_t)d;
    largest = std::max(largest, n);
  }
  return largest;
}

// Values in [0.5, 1.5), made once for every input: a bandwidth input is
// 64 MiB, and fresh memory costs a page fault per 4 KiB (slow in a VM).
void makeValues(std::vector<float> &data, size_t n) {
  if (data.capacity() < n) data.reserve(n);
  for (size_t i = data.size(); i < n; ++i) data.push_back(0.5f + (float)(i & 1023) * (1.0f / 1024));
}

// Sets `in` on p's session (`data` holds at least its largest input's values).
void setInputs(const std::vector<float> &data, Program &p, const Inputs &in) {
  for (const auto &[name, value] : in.params) rm_session_set_param(p.session, name.c_str(), value);
  for (const auto &[name, dims] : in.tensors)
    rm_session_set_input(p.session, name.c_str(), RM_SINGLE, (int)dims.size(), dims.data(), data.data());
}

// The first runs of programs that build pipelines of their own (the
// library's: 0.2-0.7 s each on the H200 with a cold driver cache), a thread
// for each list, so that the builds overlap; a list runs in order. `data`
// holds every input's values already.
using Warmup = std::vector<std::pair<Program *, const Inputs *>>;
void warmTogether(const std::vector<float> &data, const std::vector<Warmup> &lists) {
  std::vector<std::thread> threads;
  for (const Warmup &list : lists)
    threads.emplace_back([&data, &list] {
      for (const auto &[program, inputs] : list)
        if (program->session) {
          setInputs(data, *program, *inputs);
          rm_session_run(program->session);
        }
    });
  for (std::thread &t : threads) t.join();
}

// The best of a few runs of `what` (a kernel that ran, picked by `pick`, or
// a library operation by name) on `device`; negative when it failed.
double bestTime(std::vector<float> &data, Program &p, const std::string &device, const Inputs &in, const std::string &library,
                bool (*pick)(const KernelInfo &), int timedRuns = 0) {
  rm_session *s = p.session;
  if (!s) return -1;
  static const bool trace = std::getenv("RUNMAT_CALIBRATION_TRACE") && *std::getenv("RUNMAT_CALIBRATION_TRACE") == '1';
  const auto setStarted = Clock::now();
  const size_t largest = valuesOf(in);
  makeValues(data, largest);
  setInputs(data, p, in);
  // Each run moves a large input to the GPU again: one warm-up and one timed run.
  const int runs = timedRuns > 0 ? timedRuns + 1 : largest * 4 >= (size_t(16) << 20) ? 2 : 3;
  // RUNMAT_CALIBRATION_TRACE=1: the inputs' and each run's wall time on standard error.
  if (trace && !in.tensors.empty())
    std::fprintf(stderr, "runmat: calibration inputs: %.3f ms\n",
                 1e3 * std::chrono::duration<double>(Clock::now() - setStarted).count());
  double best = -1;
  for (int run = 0; run < runs; ++run) {
    const auto started = Clock::now();
    const bool ok = rm_session_run(s) == RM_OK;
    if (trace)
      std::fprintf(stderr, "runmat: calibration run %d of %s%s: %.3f ms\n", run, p.name.c_str(),
                   library.empty() ? "" : (" (" + library + ")").c_str(),
                   1e3 * std::chrono::duration<double>(Clock::now() - started).count());
    if (!ok) break;
    if (run == 0) continue; // the first builds pipelines and takes buffers
    const Telemetry &t = s->last;
    double seconds = -1;
    if (!library.empty()) {
      if (auto it = t.library.find(library); it != t.library.end())
        seconds = device == "gpu" ? it->second.gpuSeconds : it->second.seconds;
    } else {
      for (const auto &[id, k] : t.kernels)
        if (pick(s->artifact->manifest.kernels[(size_t)id])) seconds = device == "gpu" ? k.gpuSeconds : k.seconds;
    }
    if (seconds > 0) best = best < 0 ? seconds : std::min(best, seconds);
  }
  return best;
}

bool anyKernel(const KernelInfo &) { return true; }
bool loopKernel(const KernelInfo &k) { return k.costTrips.size() == 3; }

} // namespace

std::string calibrationKernelsFolder() {
  if (const char *d = std::getenv("RUNMAT_CALIBRATION_KERNELS")) return isFolder(d) ? d : "";
  Dl_info info{};
  if (dladdr((void *)&calibrationKernelsFolder, &info) && info.dli_fname) {
    std::string lib = info.dli_fname;
    std::string dir = lib.substr(0, lib.rfind('/'));
    for (const std::string &candidate : {dir + "/calibration", dir + "/../share/runmat/calibration"})
      if (isFolder(candidate)) return candidate;
  }
  return "";
}

void measureRates(Calibration &c, const std::string &device, GpuDevice *gpu, unsigned cpuThreads,
                  double budgetSeconds, const Progress &progress) {
  const auto started = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
  // Each step with the time spent so far, so that a slow step shows.
  auto say = [&](const std::string &line) {
    char at[32];
    std::snprintf(at, sizeof at, " (at %.2f s)", elapsed());
    if (progress) progress(line + at);
  };
  const bool onGpu = device == "gpu";
  // A GPU that runs on the CPU (lavapipe) is measured at the CPU's sizes.
  const bool big = onGpu && gpu && gpu->info().type != "cpu";
  const std::string folder = calibrationKernelsFolder();
  std::vector<std::string> missing;
  std::vector<float> scratch; // the inputs' values (bestTime)
  DeviceRates &r = c.rates;
  if (folder.empty()) {
    c.note = "no calibration programs found (RUNMAT_CALIBRATION_KERNELS, or calibration/ beside the shim): "
             "compute rates are defaults";
  } else {
    // How long a kernel must run to be timed, and the sizes' limits.
    const double target = big ? 3e-4 : 5e-4;
    // (2^24 floats on a GPU: 64 MiB, beyond most of its cache, timed in
    // ~40 us; every run uploads it.)
    const int64_t maxPoints = big ? (int64_t(1) << 24) : (int64_t(1) << 22);
    const unsigned threads = onGpu ? 0 : std::max(1u, cpuThreads);
    Program stream(folder + "/calib_stream.rmx", device, threads), read(folder + "/calib_read.rmx", device, threads),
        work(folder + "/calib_work.rmx", device, threads), matmul(folder + "/calib_matmul.rmx", device, threads),
        gram(folder + "/calib_gram.rmx", device, threads), qr(folder + "/calib_qr.rmx", device, threads);
    // Sizes come from the default rates, to run about `target`, corrected
    // once by what was measured.
    const DeviceRates guess = r;
    // Work by kind: fused time loops of plain arithmetic, exp, and draws.
    // Enough points that every CPU thread gets work (the launcher splits
    // below 32768 points a task).
    const unsigned cores = std::max(1u, onGpu ? std::thread::hardware_concurrency() : threads);
    const double points = big ? (1 << 20) : std::max<double>(1 << 16, 65536.0 * cores);
    double times[4] = {0, -1, -1, -1}, trips[4] = {0, 1, 1, 1};
    const char *names[4] = {"", "plain arithmetic", "elementary functions", "random draws"};
    // Each kind's expected seconds per trip of every point, by the defaults.
    const double perTrip[4] = {0, 2 * points / guess.plainOps, points / guess.transcendentals, points / guess.draws};
    for (int what = 1; what <= 3; ++what) {
      if (elapsed() > budgetSeconds * (0.25 + 0.17 * what)) break; // each kind its share of the budget
      say("calibrating the " + device + ": " + names[what]);
      trips[what] = std::min(16384.0, std::max(4.0, std::ceil(target / perTrip[what])));
      for (int attempt = 0; attempt < 3; ++attempt) {
        Inputs in;
        in.params = {{"what", what}, {"n", points}, {"t", trips[what]}};
        times[what] = bestTime(scratch, work, device, in, "", loopKernel);
        if (times[what] < 0 || times[what] >= 0.5 * target || trips[what] >= 16384) break;
        trips[what] = std::min(16384.0, std::ceil(trips[what] * std::min(16.0, target / std::max(times[what], 1e-7))));
      }
    }
    const double plainPerTrip = 2, drawPlain = 5; // calib_work.m's kernels as the manifest counts them
    if (times[1] > 0) r.plainOps = plainPerTrip * points * trips[1] / times[1];
    else missing.push_back("plain arithmetic");
    auto rest = [&](int what, double plain) {
      const double t = times[what] - (r.plainOps > 0 ? plain * points * trips[what] / r.plainOps : 0);
      return points * trips[what] / std::max(t, 0.25 * times[what]);
    };
    if (times[2] > 0) r.transcendentals = r.transcendentalsFast = rest(2, 1);
    else missing.push_back("elementary functions");
    if (times[3] > 0) r.draws = rest(3, drawPlain);
    else missing.push_back("random draws");
    // The GPU's lanes: plain arithmetic over few points runs at the loop's
    // latency; the points at which that latency would give the full rate.
    // (The CPU's lanes are its threads.)
    if (!onGpu) {
      r.lanes = threads;
    } else if (r.plainOps > 0 && elapsed() < budgetSeconds * 0.8) {
      say("calibrating the gpu: lanes");
      const double few = big ? 4096 : 256;
      double t = std::min(16384.0, std::max(4.0, std::ceil(target * r.plainOps / (2 * std::max(few, guess.lanes))))),
             time = -1;
      for (int attempt = 0; attempt < 3; ++attempt) {
        Inputs in;
        in.params = {{"what", 1}, {"n", few}, {"t", t}};
        time = bestTime(scratch, work, device, in, "", loopKernel);
        if (time < 0 || time >= 0.5 * target || t >= 16384) break;
        t = std::min(16384.0, std::ceil(t * std::min(16.0, target / std::max(time, 1e-7))));
      }
      if (time > 0) r.lanes = std::clamp(few * r.plainOps / (plainPerTrip * few * t / time), 1.0, points);
      else missing.push_back("lanes");
    }
    // Library operations by shape. (A Gram product's rate grows with its
    // width: measured at 64 columns, the H200 machine's CPU estimated pca at
    // n=1e5 d=256 at more than twice its 90 ms and started the GPU for one
    // run. A CPU of many cores gets the GPU's shape.)
    const bool wideGram = big || cores > 4;
    const int64_t m = big ? 1024 : cores > 4 ? 512 : 192, tall = wideGram ? 16384 : 2048 * std::max(1u, cores / 2),
                  wide = wideGram ? 256 : 64;
    Inputs square, narrow, tallWide, tallNarrow;
    square.tensors = {{"a", {m, m}}, {"b", {m, m}}};
    narrow.tensors = {{"a", {4 * m, m}}, {"b", {m, 8}}};
    tallWide.tensors = {{"a", {tall, wide}}};
    tallNarrow.tensors = {{"a", {tall, 32}}};
    // On a GPU their first runs build pipelines of their own (0.2-0.7 s each
    // on the H200 with a cold driver cache): those runs go on threads of
    // their own while the memory step runs, whose timed runs are then one
    // more (the warm-ups' little GPU work may fall beside one). Every input
    // value is made first, so that the memory step never grows `scratch`
    // while those threads read it.
    std::thread warming;
    const bool warmLibrary = big && elapsed() <= budgetSeconds * 0.5;
    if (warmLibrary) {
      say("calibrating the gpu: building the library's pipelines (beside the memory step)");
      makeValues(scratch, (size_t)maxPoints);
      warming = std::thread([&] {
        warmTogether(scratch, {{{&matmul, &square}, {&matmul, &narrow}}, {{&gram, &tallWide}}, {{&qr, &tallNarrow}}});
      });
    }
    const int memoryRuns = warmLibrary ? 2 : 0;
    // Memory: the streaming bandwidths (after the work by kind, which is
    // quick: moving a large input to a GPU takes most of this step).
    double n = std::min<double>(maxPoints, std::max<double>(1 << 16, target * guess.readBandwidth / 8)), tRead = -1,
           tStream = -1;
    for (int attempt = 0; attempt < 3; ++attempt) {
      Inputs in;
      in.tensors = {{"x", {(int64_t)n, 1}}};
      say("calibrating the " + device + ": memory, reading " + std::to_string((int64_t)n * 4 >> 20) + " MiB");
      tRead = bestTime(scratch, read, device, in, "", anyKernel, memoryRuns);
      say("calibrating the " + device + ": memory, streaming " + std::to_string((int64_t)n * 4 >> 20) + " MiB");
      tStream = bestTime(scratch, stream, device, in, "", anyKernel, memoryRuns);
      if (tRead < 0 || tStream < 0 || tStream >= 0.5 * target || n >= maxPoints || elapsed() > budgetSeconds * 0.5)
        break;
      n = std::min<double>(maxPoints, n * std::min(16.0, target / std::max(tStream, 1e-7)));
    }
    if (warming.joinable()) warming.join(); // the library's pipelines are built
    if (tRead > 0 && tStream > 0) {
      r.readBandwidth = 4 * n / tRead;
      r.writeBandwidth = 4 * n / std::max(tStream - 4 * n / r.readBandwidth, 0.25 * tStream);
    } else {
      missing.push_back("bandwidth");
    }
    // The library operations, each while time is left. Not on a GPU that is
    // a CPU device: auto never runs anything there.
    if (onGpu && !big) {
      missing.push_back("library operations (a CPU device: auto does not use it)");
    } else {
      // Each operation measured while its share of the budget is not spent;
      // one skipped or failed keeps its default, and the note says which.
      auto timed = [&](const char *what, double share, auto &&measure) {
        if (elapsed() > budgetSeconds * share) {
          missing.push_back(std::string(what) + " (out of time)");
          return -1.0;
        }
        say("calibrating the " + device + ": " + what);
        const double t = measure();
        if (t <= 0) missing.push_back(what);
        return t;
      };
      const double tm = timed("matrix products", 0.8, [&] { return bestTime(scratch, matmul, device, square, "matmul", nullptr); });
      const double tn = timed("narrow products", 1.0, [&] {
        return tm > 0 ? bestTime(scratch, matmul, device, narrow, "matmul", nullptr) : -1.0;
      });
      const double tg = timed("Gram", 0.85, [&] { return bestTime(scratch, gram, device, tallWide, "matmul", nullptr); });
      const double tq = timed("QR", 0.9, [&] { return bestTime(scratch, qr, device, tallNarrow, "qr", nullptr); });
      if (tm > 0) r.matmulFlops = 2.0 * m * m * m / tm;
      if (tn > 0) r.narrowFlops = 2.0 * 4 * m * m * 8 / tn;
      if (tg > 0) r.gramFlops = 2.0 * tall * wide * wide / tg; // as placeLibrary counts A' * A
      if (tq > 0) r.qrFlops = 4.0 * tall * 32 * 32 / tq;
    }
    // A launch among others: a tiny kernel's own time.
    Inputs tiny;
    tiny.tensors = {{"x", {256, 1}}};
    if (const double t = bestTime(scratch, stream, device, tiny, "", anyKernel); t > 0) r.dispatchSeconds = t;
  }
  if (onGpu && gpu) {
    say("calibrating the gpu: transfers and submits");
    TransferRates t = probeTransfers(*gpu);
    if (t.ok) {
      r.uploadBandwidth = t.uploadBandwidth;
      r.downloadBandwidth = t.downloadBandwidth;
      r.transferSeconds = t.latencySeconds;
      r.submitSeconds = t.submitSeconds;
    } else {
      missing.push_back("transfers (" + t.error + ")");
    }
    if (gpu->startSeconds() > 0) r.startSeconds = gpu->startSeconds();
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string &m : missing) list += (list.empty() ? "" : ", ") + m;
    c.note += (c.note.empty() ? "" : "; ") + std::string("not measured, defaults kept: ") + list;
  }
  c.measureSeconds = elapsed();
}

} // namespace runmat::rt
