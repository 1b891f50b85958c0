#include "Calibrations.h"

#include "../gpu/GpuDevice.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>

namespace runmat::rt {

namespace {

std::mutex mutex;
std::map<std::string, Calibration> known; // by device key

std::string trimmed(const std::string &s) {
  const size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The processor's brand, as /proc/cpuinfo's "model name" gives it. On x86
// from CPUID, which needs no file: /proc/cpuinfo is written for every core
// when read, in every process under auto.
std::string cpuModel() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned regs[12] = {};
  if (__get_cpuid_max(0x80000000, nullptr) >= 0x80000004) {
    for (unsigned i = 0; i < 3; ++i)
      __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
    std::string brand(reinterpret_cast<const char *>(regs), sizeof regs);
    brand = trimmed(brand.substr(0, brand.find('\0')));
    if (!brand.empty()) return brand;
  }
#endif
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) return trimmed(line.substr(line.find(':') + 1));
  return "unknown CPU";
}

std::string utcNow() {
  std::time_t t = std::time(nullptr);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return b;
}

// Looks the calibration up (see the header); `measure` measures the device.
Calibration resolve(const DeviceIdentity &id, const DeviceRates &defaults, bool measureIfMissing, bool force,
                    const std::function<void(Calibration &)> &measure) {
  Calibration c;
  c.device = id;
  c.rates = defaults;
  c.file = calibrationFile(id);
  if (calibrationOff()) {
    c.note = "RUNMAT_CALIBRATION=off: the defaults";
    applyOverrides(c);
    return c;
  }
  const char *forced = std::getenv(id.kind == "gpu" ? "RUNMAT_CALIBRATION_FILE_GPU" : "RUNMAT_CALIBRATION_FILE_CPU");
  if (forced && *forced) {
    Calibration f = c;
    if (loadCalibration(forced, id, f, /*anyDevice=*/true)) {
      f.note = std::string("forced by ") + (id.kind == "gpu" ? "RUNMAT_CALIBRATION_FILE_GPU" : "RUNMAT_CALIBRATION_FILE_CPU");
      applyOverrides(f);
      return f;
    }
    c.note = f.note;
  }
  if (!force && !c.file.empty() && loadCalibration(c.file, id, c)) {
    applyOverrides(c);
    return c;
  }
  if (measureIfMissing || force) {
    const std::string before = c.note;
    c.note.clear();
    measure(c);
    c.source = "measured";
    c.measuredAt = utcNow();
    std::string error;
    if (!saveCalibration(c, error)) c.note += (c.note.empty() ? "" : "; ") + ("not kept: " + error);
    if (!before.empty() && !force) c.note = before + (c.note.empty() ? "" : "; " + c.note);
  }
  applyOverrides(c);
  return c;
}

} // namespace

DeviceIdentity cpuIdentity(unsigned threads) {
  static const std::string model = cpuModel(); // read once: decisions ask for it at every launch
  DeviceIdentity id;
  id.kind = "cpu";
  id.name = model + " (" + std::to_string(threads) + (threads == 1 ? " thread)" : " threads)");
  id.key = "cpu|" + model + "|" + std::to_string(threads);
  return id;
}

DeviceIdentity gpuIdentity(GpuDevice &d) {
  DeviceIdentity id;
  id.kind = "gpu";
  id.name = d.info().name;
  id.key = "gpu|" + d.identityKey();
  id.type = d.info().type;
  return id;
}

namespace {
std::map<unsigned, const Calibration *> byThreads; // cpuCalibration's answers by thread count
} // namespace

DeviceRates cpuRatesIfKnown(unsigned threads) {
  std::lock_guard<std::mutex> lock(mutex);
  auto hit = byThreads.find(threads);
  return hit != byThreads.end() ? hit->second->rates : defaultCpuRates(threads);
}

// Lookups hold `mutex`; a measurement does not, but holds `measuring` (one
// at a time): it runs sessions whose GPU start asks for this calibration
// again (noteGpuStart), which deadlocked a first decision under auto that
// had to measure the GPU (found on the H200; `runmat-run calibrate` took
// the path below and never did).
namespace {
std::recursive_mutex measuring;

// A measurement a run asked for pauses it for up to 1.5 s (3 s on
// lavapipe), once per device: it says so on standard error, as the
// calibrate command does, so the pause is not a mystery.
void inRunProgress(const std::string &line) { std::fprintf(stderr, "runmat: calibrating for --device auto: %s\n", line.c_str()); }
} // namespace

const Calibration &cpuCalibration(unsigned threads, bool measureIfMissing) {
  DeviceIdentity id;
  {
    std::lock_guard<std::mutex> lock(mutex);
    // The common case without building the key: this thread count was looked up before.
    if (auto hit = byThreads.find(threads);
        hit != byThreads.end() && (hit->second->source != "defaults" || !measureIfMissing))
      return *hit->second;
    id = cpuIdentity(threads);
    auto it = known.find(id.key);
    if (it != known.end() && (it->second.source != "defaults" || !measureIfMissing)) return it->second;
    if (!measureIfMissing) {
      Calibration &kept = known[id.key] = resolve(id, defaultCpuRates(threads), false, false, [](Calibration &) {});
      return *(byThreads[threads] = &kept);
    }
  }
  recalibrateCpu(threads, false, inRunProgress); // the file, else measured
  std::lock_guard<std::mutex> lock(mutex);
  return *(byThreads[threads] = &known.at(id.key));
}

const Calibration &gpuCalibration(GpuDevice &d, bool measureIfMissing) {
  static std::map<const GpuDevice *, const Calibration *> byDevice;
  const DeviceIdentity id = gpuIdentity(d);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto hit = byDevice.find(&d); hit != byDevice.end() && (hit->second->source != "defaults" || !measureIfMissing))
      return *hit->second;
    auto it = known.find(id.key);
    if (it != known.end() && (it->second.source != "defaults" || !measureIfMissing)) return it->second;
    if (!measureIfMissing) {
      Calibration &kept = known[id.key] = resolve(id, defaultGpuRates(d.info().type), false, false, [](Calibration &) {});
      return *(byDevice[&d] = &kept);
    }
  }
  recalibrateGpu(d, false, inRunProgress);
  std::lock_guard<std::mutex> lock(mutex);
  return *(byDevice[&d] = &known.at(id.key));
}

const Calibration &gpuCalibrationOf(const std::string &key, const std::string &name, const std::string &type) {
  std::lock_guard<std::mutex> lock(mutex);
  DeviceIdentity id;
  id.kind = "gpu";
  id.name = name;
  id.key = "gpu|" + key;
  id.type = type;
  auto it = known.find(id.key);
  if (it != known.end()) return it->second;
  Calibration c = resolve(id, defaultGpuRates(type), false, false, [](Calibration &) {});
  return known[id.key] = c;
}

void noteGpuStart(GpuDevice &d) {
  const double started = d.startSeconds();
  const char *forced = std::getenv("RUNMAT_CALIBRATION_FILE_GPU");
  if (started <= 0 || (forced && *forced) || calibrationOff()) return; // a forced file is never rewritten
  const Calibration &kept = gpuCalibration(d, false);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = known.find(kept.device.key);
  if (it == known.end() || it->second.source == "defaults" || it->second.rates.startSeconds <= 1.25 * started) return;
  Calibration &c = it->second;
  c.rates.startSeconds = started;
  std::string error;
  if (c.overrides.empty()) saveCalibration(c, error); // overrides are never written
}

Calibration recalibrateCpu(unsigned threads, bool force, const Progress &progress) {
  std::lock_guard<std::recursive_mutex> one(measuring);
  const DeviceIdentity id = cpuIdentity(threads);
  Calibration c = resolve(id, defaultCpuRates(threads), true, force,
                          [&](Calibration &m) { measureRates(m, "cpu", nullptr, threads, 1.0, progress); });
  std::lock_guard<std::mutex> lock(mutex);
  known[id.key] = c; // (the map's nodes stay where they are: cached pointers remain valid)
  return c;
}

Calibration recalibrateGpu(GpuDevice &d, bool force, const Progress &progress) {
  std::lock_guard<std::recursive_mutex> one(measuring);
  const DeviceIdentity id = gpuIdentity(d);
  Calibration c = resolve(id, defaultGpuRates(d.info().type), true, force, [&](Calibration &m) {
    measureRates(m, "gpu", &d, 0, d.info().type == "cpu" ? 3.0 : 1.5, progress);
  });
  std::lock_guard<std::mutex> lock(mutex);
  known[id.key] = c;
  return c;
}

} // namespace runmat::rt
